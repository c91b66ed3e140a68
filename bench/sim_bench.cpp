// Simulator throughput (docs/simulator.md, "Performance"): simulated events and job
// lifecycles per wall-second on a scenario (default scenarios/scale-10k.pbtxt), against bare
// CAF test-coordinator dispatch of the same number of delayed messages among the same number
// of actors, measured in the same process; plus peak RSS.
//   build/sim_bench [SCENARIO] [--jobs N]
#include <sys/resource.h>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <chrono>
#include <cstring>
#include <iostream>
#include <string>

#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace {

using hop_atom = caf::atom_constant<caf::atom("hop")>;

// Every actor forwards each hop to a pseudo-random peer with a 1..16 ms delay until the
// budget of messages is spent: the same dispatch work the simulator does per event, minus
// the protocol.
struct Hops {
  std::vector<caf::actor> actors;
  std::uint64_t budget = 0;
  std::uint64_t sent = 0;
};

caf::behavior hopper(caf::event_based_actor*, Hops* hops, std::uint32_t me) {
  return {[=](hop_atom, std::uint64_t x) {
    if (hops->sent >= hops->budget) return;
    ++hops->sent;
    const std::uint64_t next = (x * 6364136223846793005ULL + 1442695040888963407ULL);
    const auto& to = hops->actors[(next >> 33) % hops->actors.size()];
    caf::delayed_anon_send(to, std::chrono::milliseconds(1 + (next >> 20) % 16), hop_atom::value,
                           next + me);
  }};
}

double bare_dispatch(std::size_t actors, std::uint64_t messages) {
  caf::actor_system_config cfg;
  cfg.set("scheduler.policy", caf::atom("testing"));
  caf::actor_system sys{cfg};
  auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  Hops hops;
  hops.budget = messages;
  for (std::uint32_t i = 0; i < actors; ++i) hops.actors.push_back(sys.spawn(hopper, &hops, i));
  sched.run();
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint32_t i = 0; i < std::min<std::size_t>(actors, 1000); ++i)
    caf::anon_send(hops.actors[i], hop_atom::value, std::uint64_t{i});
  std::uint64_t steps = 0;
  for (;;) {
    if (sched.try_run_once()) {
      ++steps;
      continue;
    }
    if (!sched.trigger_timeout()) break;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (auto& a : hops.actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  sched.run();
  hops.actors.clear();
  return static_cast<double>(steps) / secs;
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "scenarios/scale-10k.pbtxt";  // run from the source root, or pass a path
  std::uint32_t jobs = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
      jobs = static_cast<std::uint32_t>(std::stoul(argv[++i]));
    else
      path = argv[i];
  }
  auto scenario = icn::sim::load_scenario(path);
  if (!scenario) {
    for (const auto& e : scenario.error()) std::cerr << e << "\n";
    return 2;
  }
  if (jobs) scenario->mutable_workload()->set_total_jobs(jobs);
  std::size_t nodes = 1;
  for (const auto& g : scenario->population()) nodes += g.count();

  const auto t0 = std::chrono::steady_clock::now();
  icn::sim::RunResult r = icn::sim::run_simulation(*scenario, icn::sim::RunOptions{});
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const long rss_sim = peak_rss_kib();
  const double settled = r.metrics["jobs_completed"] + r.metrics["jobs_failed"] +
                         r.metrics["jobs_expired"] + r.metrics["jobs_cancelled"];
  const double events_per_s = static_cast<double>(r.events) / secs;
  const double bare = bare_dispatch(nodes, r.events);

  std::cout << "scenario " << r.scenario << ": " << nodes << " nodes, "
            << r.metrics["jobs_submitted"] << " jobs submitted, " << settled << " settled\n"
            << "simulated " << r.sim_time_ms / 1000.0 << " s in " << secs << " s wall ("
            << r.sim_time_ms / 1000.0 / secs << "x real time)\n"
            << "events: " << r.events << " (" << static_cast<std::uint64_t>(events_per_s)
            << " events/s), job lifecycles: " << static_cast<std::uint64_t>(settled / secs)
            << " /s\n"
            << "bare CAF test-coordinator dispatch of " << r.events << " delayed messages among "
            << nodes << " actors: " << static_cast<std::uint64_t>(bare) << " msgs/s\n"
            << "simulator / bare dispatch: " << events_per_s / bare << " (goal >= 0.5)\n"
            << "peak RSS after the simulation: " << rss_sim / 1024 << " MiB (goal <= 2048)\n"
            << "result: " << (r.ok() ? "ok" : "FAILED") << ", trace_hash " << r.trace_hash << "\n";
  return 0;
}
