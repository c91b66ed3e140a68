// The discrete-event loop over CAF's deterministic test coordinator: run every ready actor
// job; when none is left, jump the simulated clock to the next due delayed message
// (trigger_timeout) -- nothing ever sleeps. One thread, one seeded order, same trace.
#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <chrono>
#include <iostream>

#include "actors/node_actor.hpp"
#include "sim/sim_core.hpp"

namespace icn::sim {
namespace {

using actors::node_actor;

class CafDispatcher : public Dispatcher {
 public:
  explicit CafDispatcher(std::vector<node_actor>& handles) : handles_(handles) {}
  void deliver(std::uint32_t to, DurationMs delay, const std::string& from,
               std::shared_ptr<const v1::Envelope> envelope) override {
    actors::WireMsg msg{from, std::move(envelope)};
    if (delay == 0)
      caf::anon_send(handles_[to], actors::deliver_atom::value, std::move(msg));
    else
      caf::delayed_anon_send(handles_[to], std::chrono::milliseconds(delay),
                             actors::deliver_atom::value, std::move(msg));
  }
  void timer(std::uint32_t node, DurationMs delay, std::uint64_t tag,
             std::uint64_t generation) override {
    if (delay == 0)
      caf::anon_send(handles_[node], actors::timer_atom::value, tag, generation);
    else
      caf::delayed_anon_send(handles_[node], std::chrono::milliseconds(delay),
                             actors::timer_atom::value, tag, generation);
  }
  void restart(std::uint32_t node, bool state_kept) override {
    caf::anon_send(handles_[node], actors::restart_atom::value, state_kept);
  }

 private:
  std::vector<node_actor>& handles_;
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
  std::vector<node_actor> handles;  // declared after the system: destroyed before it
  CafDispatcher dispatcher(handles);
  core.set_dispatcher(&dispatcher);
  handles.reserve(core.node_count());
  for (std::uint32_t i = 0; i < core.node_count(); ++i)
    handles.push_back(actors::spawn_node(system, core.node(i), core.make_role(i)));

  const std::uint64_t end_ms = core.duration_ms();
  std::uint64_t next_fault = core.apply_faults(0);
  const bool progress = options.progress;
  auto last_progress = wall_start;
  bool printed = false;
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
    if (next_fault != UINT64_MAX && next_fault <= due && next_fault <= end_ms) {
      // Faults take effect at their own instant, before anything due later.
      if (next_fault > core.now_ms) {
        clock.current_time = caf::actor_clock::time_point{std::chrono::milliseconds(next_fault)};
        core.now_ms = next_fault;
      }
      next_fault = core.apply_faults(core.now_ms);
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
  RunResult result = core.finish(wall_ms);
  for (auto& h : handles) caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
  sched.run();
  handles.clear();
  return result;
}

}  // namespace icn::sim
