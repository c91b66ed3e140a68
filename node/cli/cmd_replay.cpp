// icnmesh replay TRACE: re-runs a recorded simulator trace and compares line by line.
#include <fstream>
#include <iostream>

#include "node/cli/cli.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/trace.hpp"

namespace icn::cli {

int cmd_replay(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("max-events", po::value<std::uint64_t>(),
                        "stop after N actor activations (a trace with more lines diverges)");
  Parsed p = parse(args, options, {"TRACE"});
  if (p.help) {
    std::cout << usage_text("icnmesh replay TRACE [--max-events N]", options)
              << "Re-runs the scenario and seed embedded in TRACE; prints 'identical' (exit 0) or\n"
                 "the first diverging line (exit 1).\n";
    return kOk;
  }
  if (!p.vm.count("TRACE")) throw UsageError("missing TRACE");
  const std::string path = p.vm["TRACE"].as<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read");
  std::string error;
  auto header = sim::read_trace_header(in, error);
  if (!header) throw InputError(path + ":" + error);
  auto scenario = sim::parse_scenario(path + " (embedded scenario)", header->scenario_text);
  if (!scenario) {
    std::string all;
    for (const auto& e : scenario.error()) all += (all.empty() ? "" : "\n") + e;
    throw InputError(all);
  }
  sim::RunOptions run;
  run.seed = header->seed;
  run.compare_trace = &in;
  run.compare_header_lines = header->lines;
  if (p.vm.count("max-events")) run.max_events = p.vm["max-events"].as<std::uint64_t>();
  sim::RunResult result;
  try {
    result = sim::run_simulation(*scenario, run);
  } catch (const std::runtime_error& e) {
    throw InputError(path + ": " + e.what());
  }
  if (!result.divergence) {
    std::cout << "identical (" << result.trace_lines << " trace lines, trace_hash "
              << result.trace_hash << ")\n";
    return kOk;
  }
  const auto& d = *result.divergence;
  std::cout << "diverges at line " << d.line
            << "\n  recorded: " << (d.expected.empty() ? "<end of trace>" : d.expected)
            << "\n  replayed: " << (d.actual.empty() ? "<end of run>" : d.actual) << "\n";
  return kFailed;
}

}  // namespace icn::cli
