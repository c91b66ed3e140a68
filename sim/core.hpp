#pragma once
// The simulated world as a whole (CAF-free; sim/engine.cpp drives it over CAF's test
// coordinator): the population and each node's World, the network every message crosses,
// the fault schedule, execution, the trace, metrics and the invariant checkers that read the
// ledger node's disk. One concern per collaborator, each in its own file.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/role.hpp"
#include "proto/scenario.pb.h"
#include "sim/dispatcher.hpp"
#include "sim/execution.hpp"
#include "sim/faults.hpp"
#include "sim/invariants/invariant.hpp"
#include "sim/metrics.hpp"
#include "sim/network.hpp"
#include "sim/observer.hpp"
#include "sim/population.hpp"
#include "sim/rng.hpp"
#include "sim/simulation.hpp"
#include "sim/trace.hpp"
#include "sim/world.hpp"

namespace icn::sim {

class SimCore {
 public:
  SimCore(const v1::Scenario& scenario, const RunOptions& options);
  ~SimCore();

  // ---- set-up ----
  std::size_t node_count() const { return worlds_.size(); }
  /// A fresh role for node `i` (at the start, and after every restart), wrapped in its
  /// adversary when its strategy has one.
  std::unique_ptr<actors::RoleLogic> make_role(std::uint32_t i);
  void set_dispatcher(Dispatcher* d) { dispatcher_ = d; }

  // ---- the loop's view ----
  UnixMs start_unix_ms() const { return start_unix_ms_; }
  std::uint64_t now_ms = 0;  // relative simulated time, set by the loop
  std::uint64_t events = 0;
  std::uint64_t duration_ms() const { return scenario_.duration_ms(); }
  /// When the next fault step is due (UINT64_MAX: none).
  std::uint64_t next_fault_ms() const { return faults_.next_at(); }
  /// Applies the fault steps due now (crash: stop the actor; restart: a new one).
  void apply_due_faults();
  /// Runs the invariant checks after an event.
  void after_event();
  RunResult finish(std::uint64_t wall_ms);

  // ---- services for the nodes' worlds ----
  void transmit(std::uint32_t from, const std::string& to, actors::SharedEnvelope envelope);
  void set_timer(std::uint32_t node, DurationMs delay, std::uint64_t tag);
  void execute(std::uint32_t node, std::uint64_t ticket, actors::ExecutionOrder order);
  void on_event(std::uint32_t node, const actors::Event& event);
  const Verifier& verifier() const { return population_.verifier(); }
  const actors::Directory& directory() const { return population_.directory(); }

 private:
  void trace_line(const std::string& from, const std::string& to, const std::string& what,
                  const std::string& detail);
  std::string readable(const std::string& text) const;  // DIDs -> node names
  void fill_observed(CheckContext& ctx) const;

  v1::Scenario scenario_;
  RunOptions options_;
  std::uint64_t seed_ = 0;
  UnixMs start_unix_ms_ = 0;
  v1::EconomicParams params_;
  Population population_;
  std::vector<std::unique_ptr<SimWorld>> worlds_;
  std::vector<bool> down_;
  NetworkModel network_;
  SimRandom network_rng_;
  FaultSchedule faults_;
  std::unique_ptr<SimExecution> execution_;
  Trace trace_;
  Metrics metrics_;
  LedgerObserver ledger_observer_;
  JobObserver job_observer_;
  InvariantSet invariants_;
  Dispatcher* dispatcher_ = nullptr;
  std::uint32_t invariant_every_ = 1;
};

}  // namespace icn::sim
