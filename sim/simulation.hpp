#pragma once
// The simulated world (docs/simulator.md): builds the population of a scenario, gives each
// node a deterministic World (clock, seeded stream, signer, storage, directory), routes every
// message through the network model, applies the fault schedule, traces, counts and checks
// invariants. CAF-free: the discrete-event loop that drives it lives in sim/engine.cpp.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/role.hpp"
#include "actors/roles/common.hpp"
#include "proto/scenario.pb.h"
#include "sim/invariants/invariant.hpp"
#include "sim/trace.hpp"

namespace icn::ledger {
class Ledger;
}

namespace icn::sim {

namespace v1 = icnmesh::v1;

/// How the simulator reaches the actor runtime (implemented over CAF in engine.cpp).
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual void deliver(std::uint32_t to, DurationMs delay, const std::string& from,
                       std::shared_ptr<const v1::Envelope> envelope) = 0;
  virtual void timer(std::uint32_t node, DurationMs delay, std::uint64_t tag,
                     std::uint64_t generation) = 0;
  virtual void restart(std::uint32_t node, bool state_kept) = 0;
};

struct RunOptions {
  std::optional<std::uint64_t> seed;      // overrides the scenario's
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
