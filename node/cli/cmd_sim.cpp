// icnmesh sim FILE: runs a scenario in the deterministic simulator (docs/simulator.md).
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "node/cli/cli.hpp"
#include "sim/report.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace icn::cli {

namespace {
const char* kSimSynopsis =
    "icnmesh sim FILE [--seed N] [--json OUT] [--trace OUT] [--ledger-db FILE] [--quiet]";

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}
}  // namespace

int cmd_sim(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("seed", po::value<std::uint64_t>(), "seed (default: the scenario's)")(
      "json", po::value<std::string>(), "write the JSON summary to OUT ('-': stdout)")(
      "trace", po::value<std::string>(), "write the event trace to OUT")(
      "ledger-db", po::value<std::string>(), "write the final ledger to a SQLite FILE")(
      "quiet", "print only failures");
  Parsed p = parse(args, options, {"FILE"});
  if (p.help) {
    std::cout << usage_text(kSimSynopsis, options);
    return kOk;
  }
  if (!p.vm.count("FILE")) throw UsageError("missing scenario FILE");
  const std::string file = p.vm["FILE"].as<std::string>();
  auto scenario = sim::load_scenario(file);
  if (!scenario) throw InputError(join_lines(scenario.error()));

  sim::RunOptions run;
  if (p.vm.count("seed")) run.seed = p.vm["seed"].as<std::uint64_t>();
  if (p.vm.count("trace")) run.trace_path = p.vm["trace"].as<std::string>();
  if (p.vm.count("ledger-db")) {
    const std::string db = p.vm["ledger-db"].as<std::string>();
    run.ledger_db = db;
    run.on_final_ledger = [db](const ledger::Ledger&) -> std::string {
      return "--ledger-db is not available in this build (node/store/ledger_store.hpp missing)";
    };
  }
  run.progress = isatty(STDERR_FILENO) != 0;
  const bool quiet = p.vm.count("quiet") > 0;
  sim::RunResult result;
  try {
    result = sim::run_simulation(*scenario, run);
  } catch (const std::runtime_error& e) {
    throw InputError(file + ": " + e.what());
  }
  const bool json_stdout = p.vm.count("json") && p.vm["json"].as<std::string>() == "-";
  std::cout << (json_stdout ? sim::summary_json(result) : sim::summary_text(result, quiet));
  if (p.vm.count("json") && !json_stdout) {
    const std::string out = p.vm["json"].as<std::string>();
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    if (!f) throw InputError(out + ": cannot write");
    f << sim::summary_json(result);
  }
  return result.ok() ? kOk : kFailed;
}

}  // namespace icn::cli
