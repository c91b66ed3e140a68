#pragma once
// Running a scenario in the simulated world (docs/simulator.md): the population of a
// scenario, each node a CAF actor around its role with a deterministic World (clock, seeded
// stream, signer, disk, directory, execution), every message through the network model, the
// fault schedule, the trace, metrics, expectations and the state-reading invariant checkers.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proto/scenario.pb.h"
#include "sim/trace.hpp"
#include "sim/violation.hpp"

namespace icn::ledger {
class Ledger;
}

namespace icn::sim {

namespace v1 = icnmesh::v1;

struct RunOptions {
  std::optional<std::uint64_t> seed;      // overrides the scenario's
  std::string scenario_path;              // where file: uris of REAL execution are relative to
  std::string trace_path;                 // "" : no trace file
  std::istream* compare_trace = nullptr;  // replay: compare against this recording
  std::uint64_t compare_header_lines = 0;
  std::string ledger_db;         // "" : no SQLite export
  bool progress = false;         // progress line on stderr
  std::uint64_t max_events = 0;  // 0: no limit
  /// Called with the final ledger (e.g. to export it); returns an error text or "".
  std::function<std::string(const ledger::Ledger&)> on_final_ledger;
};

struct ExpectationResult {
  std::string name;
  bool ok = false;
  double value = 0;
  bool known = true;  // false: the metric does not exist
};

struct RunResult {
  std::string scenario;
  std::uint64_t seed = 0;
  std::string trace_hash;
  std::uint64_t events = 0;  // actor activations (messages and timers) processed
  std::uint64_t trace_lines = 0;
  std::uint64_t sim_time_ms = 0;
  std::uint64_t start_unix_ms = 0;  // the simulated epoch (violations carry Unix times)
  std::uint64_t wall_ms = 0;
  std::map<std::string, double> metrics;
  std::map<std::string, std::int64_t> net_mana_by_role_strategy;  // "executor/honest"
  std::map<std::string, std::int64_t> net_mana_by_group;
  std::uint64_t invariant_checks = 0;
  std::uint64_t invariant_violations = 0;
  std::vector<Violation> violations;
  std::vector<ExpectationResult> expectations;
  std::optional<Divergence> divergence;
  std::uint64_t ledger_height = 0;
  std::string ledger_db_error;
  bool ok() const;
};

/// Runs `scenario` to the end and reports. Throws std::runtime_error for setup failures
/// (e.g. invalid economic parameters) with a message naming the field.
RunResult run_simulation(const v1::Scenario& scenario, const RunOptions& options);

/// The metrics every run reports (names documented in docs/simulator.md, "Metrics").
std::vector<std::string> metric_names();

}  // namespace icn::sim
