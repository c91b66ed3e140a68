// icnmesh sim FILE: runs a scenario in the deterministic simulator (docs/simulator.md).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "node/cli/cli.hpp"
#include "node/store/ledger_store.hpp"
#include "protocol/ledger/signed_tx.hpp"
#include "sim/report.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace icn::cli {

namespace {
const char* kSimSynopsis =
    "icnmesh sim FILE [--seed N] [--json OUT] [--trace OUT] [--ledger-db FILE] [--quiet]\n"
    "                 [--max-events N]";

// Writes the simulator's final ledger, its whole hash-chained log included, to a new SQLite
// ledger in the node's format. Entries are appended in batches whose timestamps lie within
// the ledger's acceptance window of the batch's `now`.
std::string export_ledger(const std::string& path, const ledger::Ledger& ledger) {
  std::remove(path.c_str());
  auto store = node::LedgerStore::create(path, ledger.genesis(), ledger.params());
  if (!store) return path + ": " + store.error().message;
  // Signatures were verified when the simulated ledger applied them; sim-mac ones cannot be
  // re-checked outside the simulator.
  const ledger::TrustingVerifier trusting;
  std::vector<ledger::SignedTx> batch;
  UnixMs first = 0, last = 0;
  auto flush = [&]() -> std::string {
    if (batch.empty()) return "";
    auto r = (*store)->append(batch, trusting, last);
    batch.clear();
    if (!r) return path + ": " + r.error().message;
    for (const auto& one : r->results)
      if (!one) return path + ": entry rejected on export: " + one.error().message;
    return "";
  };
  for (const auto& e : ledger.log().entries()) {
    auto tx = ledger::decode_tx(to_bytes(e.tx_bytes()));
    if (!tx) return path + ": cannot decode log entry " + std::to_string(e.height());
    const UnixMs ts = tx->timestamp_unix_ms();
    if (!batch.empty() && (ts - first > ledger::kMaxTxAgeMs / 2 || batch.size() >= 4096)) {
      if (auto err = flush(); !err.empty()) return err;
    }
    if (batch.empty()) first = ts;
    last = ts;
    batch.push_back(ledger::SignedTx{to_bytes(e.tx_bytes()), to_bytes(e.signature()), e.scheme()});
  }
  if (auto err = flush(); !err.empty()) return err;
  if ((*store)->ledger().height() != ledger.height() ||
      ledger::state_digest((*store)->ledger().state()) != ledger::state_digest(ledger.state()))
    return path + ": the exported ledger does not reproduce the simulated state";
  return "";
}

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
      "quiet", "print only failures")(
      "max-events", po::value<std::uint64_t>(),
      "stop after N actor activations (a bounded run, e.g. for tests)");
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
  run.scenario_path = file;
  if (p.vm.count("seed")) run.seed = p.vm["seed"].as<std::uint64_t>();
  if (p.vm.count("trace")) run.trace_path = p.vm["trace"].as<std::string>();
  if (p.vm.count("max-events")) run.max_events = p.vm["max-events"].as<std::uint64_t>();
  if (p.vm.count("ledger-db")) {
    const std::string db = p.vm["ledger-db"].as<std::string>();
    run.ledger_db = db;
    run.on_final_ledger = [db](const ledger::Ledger& l) { return export_ledger(db, l); };
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
