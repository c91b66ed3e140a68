// The discrete-event loop over CAF's deterministic test coordinator: run every ready actor
// job; when none is left, jump the simulated clock to the next due delayed message
// (trigger_timeout) -- nothing ever sleeps. One thread, one seeded order, same trace.
// Each node is the actors/ shell around its role, exactly as on a real node; a crash stops
// that actor (its timers, mail and pending executions die with it) and a restart spawns a
// new one over the node's disk.
#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <chrono>
#include <iostream>

#include "actors/node_actor.hpp"
#include "sim/core.hpp"

namespace icn::sim {
namespace {

using actors::node_actor;

class CafDispatcher : public Dispatcher {
 public:
  CafDispatcher(caf::actor_system& system, SimCore& core) : system_(system), core_(core) {
    handles_.resize(core.node_count());
  }
  ~CafDispatcher() override {
    for (auto& h : handles_)
      if (h) caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
  }

  void deliver(std::uint32_t to, DurationMs delay, const std::string& from,
               actors::SharedEnvelope envelope) override {
    send(to, delay, actors::deliver_atom::value, actors::WireMsg{from, std::move(envelope)});
  }
  void timer(std::uint32_t node, DurationMs delay, std::uint64_t tag) override {
    send(node, delay, actors::timer_atom::value, tag);
  }
  void executed(std::uint32_t node, DurationMs delay, std::uint64_t ticket,
                std::shared_ptr<const actors::ExecutionResult> result) override {
    send(node, delay, actors::executed_atom::value, actors::ExecutedMsg{ticket, std::move(result)});
  }
  void stop(std::uint32_t node) override {
    if (!handles_[node]) return;
    caf::anon_send_exit(handles_[node], caf::exit_reason::user_shutdown);
    handles_[node] = nullptr;
  }
  void start(std::uint32_t node) override {
    handles_[node] = actors::spawn_node(system_, core_.make_role(node));
  }

 private:
  template <class... Ts>
  void send(std::uint32_t node, DurationMs delay, Ts&&... xs) {
    if (!handles_[node]) return;  // down: nothing reaches it
    if (delay == 0)
      caf::anon_send(handles_[node], std::forward<Ts>(xs)...);
    else
      caf::delayed_anon_send(handles_[node], std::chrono::milliseconds(delay),
                             std::forward<Ts>(xs)...);
  }

  caf::actor_system& system_;
  SimCore& core_;
  std::vector<node_actor> handles_;
};

std::uint64_t to_ms(caf::actor_clock::time_point t) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

}  // namespace

RunResult run_simulation(const v1::Scenario& scenario, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  SimCore core(scenario, options);
  caf::actor_system_config cfg;
  cfg.set("scheduler.policy", caf::atom("testing"));
  cfg.set("logger.inline-output", true);
  actors::register_node_messages(cfg);
  caf::actor_system system{cfg};
  auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(system.scheduler());
  auto& clock = sched.clock();
  RunResult result;
  {
    CafDispatcher dispatcher(system, core);  // after the system: destroyed before it
    core.set_dispatcher(&dispatcher);
    for (std::uint32_t i = 0; i < core.node_count(); ++i) dispatcher.start(i);

    const std::uint64_t end_ms = core.duration_ms();
    const bool progress = options.progress;
    auto last_progress = wall_start;
    bool printed = false;
    core.apply_due_faults();
    for (;;) {
      if (!sched.jobs.empty()) {
        sched.try_run_once();
        core.after_event();
        if (options.max_events && core.events >= options.max_events) break;
        if (progress && (core.events & 0xfff) == 0) {
          const auto t = std::chrono::steady_clock::now();
          if (t - wall_start > std::chrono::seconds(1) &&
              t - last_progress > std::chrono::milliseconds(500)) {
            last_progress = t;
            printed = true;
            std::cerr << "\rsim: t=" << core.now_ms / 1000 << " s of " << end_ms / 1000 << " s, "
                      << core.events << " events" << std::flush;
          }
        }
        continue;
      }
      std::uint64_t due = UINT64_MAX;
      if (sched.has_pending_timeout()) due = to_ms(clock.schedule().begin()->first);
      const std::uint64_t next_fault = core.next_fault_ms();
      if (next_fault != UINT64_MAX && next_fault <= due && next_fault <= end_ms) {
        // Faults take effect at their own instant, before anything due later.
        if (next_fault > core.now_ms) {
          clock.current_time = caf::actor_clock::time_point{std::chrono::milliseconds(next_fault)};
          core.now_ms = next_fault;
        }
        core.apply_due_faults();
        continue;
      }
      if (due == UINT64_MAX || due > end_ms) break;
      sched.trigger_timeout();
      core.now_ms = to_ms(clock.now());
    }
    if (printed) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;

    const auto wall_ms =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::steady_clock::now() - wall_start)
                                       .count());
    result = core.finish(wall_ms);
  }
  sched.run();
  return result;
}

}  // namespace icn::sim
