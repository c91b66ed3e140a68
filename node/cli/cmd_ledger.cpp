// icnmesh ledger: verify, inspect and populate SQLite mana ledgers (docs/ledger.md, "CLI").
#include <google/protobuf/util/json_util.h>
#include <sodium.h>

#include <cstdio>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "node/cli/cli.hpp"
#include "node/store/ledger_store.hpp"
#include "node/store/ledger_workload.hpp"
#include "protocol/crypto/verifier.hpp"
#include "protocol/ledger/describe.hpp"

namespace icn::cli {

namespace {

using node::LedgerStore;
using Json = nlohmann::ordered_json;

const char* kLedgerUsage =
    "usage: icnmesh ledger <verb> [options]\n\n"
    "verbs:\n"
    "  verify DB                 check the hash chain, signatures and the conservation invariant\n"
    "  balance DB DID [--json]   free, escrowed, bonded and unbonding mana of one account\n"
    "  history DB [--job ID] [--json]\n"
    "                            every entry (or those of one job) as a table or JSON array\n"
    "  demo-populate DB [--count N] [--seed S]\n"
    "                            create DB with a genesis and N valid random transactions\n\n"
    "Exit codes: 0 ok, 1 the ledger is invalid (first bad entry printed), 2 usage error or DB\n"
    "cannot be opened or is not a ledger.\n";

// Verifies Ed25519 signatures; sim-mac signatures (simulator ledgers) cannot be checked
// outside the simulator, whose key registry holds the secrets, so they are counted instead.
class CliVerifier : public Verifier {
 public:
  bool verify(std::string_view scheme, std::string_view did, ByteView message,
              ByteView signature) const override {
    if (scheme == kSchemeSimMac) {
      ++unchecked;
      return true;
    }
    return ed25519_.verify(scheme, did, message, signature);
  }
  mutable std::uint64_t unchecked = 0;

 private:
  SchemeVerifier ed25519_{nullptr};
};

std::string iso_time(std::uint64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03uZ", buf, static_cast<unsigned>(ms % 1000));
  return out;
}

// Opens DB; exit 2 (InputError) when it cannot be opened or is not a ledger; a corrupt ledger
// prints the first bad entry and yields nullptr (the caller exits 1).
std::unique_ptr<LedgerStore> open_or_report(const std::string& db, const Verifier* verifier,
                                            bool invariant_each) {
  node::LedgerOpenOptions options;
  options.verifier = verifier;
  options.check_invariant_each = invariant_each;
  options.read_only = true;
  auto store = LedgerStore::open(db, options);
  if (store) return std::move(*store);
  if (store.error().code == node::kStoreCorrupt) {
    std::cout << store.error().message << "\n";
    return nullptr;
  }
  throw InputError("icnmesh ledger: " + store.error().message);
}

int verb_verify(const std::vector<std::string>& args) {
  po::options_description options("verify options");
  auto parsed = parse(args, options, {"db"});
  if (parsed.help) {
    std::cout << usage_text("icnmesh ledger verify DB", options)
              << "Checks every entry: heights, hash links, entry hashes, decoded columns, Ed25519\n"
                 "signatures, every transaction replayed, and the invariant after each entry.\n"
                 "Prints \"ok: N entries, supply S\" (exit 0) or the first bad entry (exit 1).\n";
    return kOk;
  }
  if (!parsed.vm.count("db")) throw UsageError("missing DB");
  CliVerifier verifier;
  auto store = open_or_report(parsed.vm["db"].as<std::string>(), &verifier, true);
  if (!store) return kFailed;
  const auto& ledger = store->ledger();
  std::cout << "ok: " << ledger.height() << " entries, supply " << ledger::supply(ledger.state())
            << "\n";
  if (verifier.unchecked > 0) {
    std::cerr << "note: " << verifier.unchecked
              << " sim-mac signatures not checked (their secrets exist only in the simulator)\n";
  }
  return kOk;
}

Json balance_json(const ledger::LedgerState& state, const std::string& did) {
  Json out;
  out["account"] = did;
  out["known"] = state.accounts.count(did) > 0;
  out["free"] = ledger::free_balance(state, did);
  out["escrowed"] = ledger::escrowed_by(state, did);
  Json escrows = Json::array();
  for (const auto& [job, escrow] : state.escrows) {
    if (!escrow.released && escrow.payer == did) {
      escrows.push_back({{"job_id", job}, {"amount", escrow.amount}});
    }
  }
  out["escrows"] = escrows;
  Json by_role = Json::object();
  Json bonds = Json::array();
  Json unbonding = Json::array();
  auto it = state.accounts.find(did);
  if (it != state.accounts.end()) {
    for (const auto& [key, amount] : it->second.bonds) {
      std::string role = ledger::role_name(key.role);
      by_role[role] = by_role.value(role, std::uint64_t{0}) + amount;
      bonds.push_back({{"role", role}, {"job_id", key.job_id}, {"amount", amount}});
    }
    for (const auto& u : it->second.unbonding) {
      unbonding.push_back({{"role", ledger::role_name(u.bond.role)},
                           {"job_id", u.bond.job_id},
                           {"amount", u.amount},
                           {"release_at_ms", u.release_at},
                           {"claimable", u.release_at <= state.clock}});
    }
  }
  out["bonded"] = ledger::total_bonded(state, did);
  out["bonded_by_role"] = by_role;
  out["bonds"] = bonds;
  out["unbonding"] = ledger::unbonding_total(state, did);
  out["unbonding_entries"] = unbonding;
  out["ledger_time_ms"] = state.clock;
  return out;
}

int verb_balance(const std::vector<std::string>& args) {
  po::options_description options("balance options");
  options.add_options()("json", "print one JSON object");
  auto parsed = parse(args, options, {"db", "did"});
  if (parsed.help) {
    std::cout << usage_text("icnmesh ledger balance DB DID [--json]", options)
              << "Free, escrowed (as payer), bonded (by role) and unbonding mana of DID.\n"
                 "An account the ledger never saw has all zeros (\"known\": false).\n";
    return kOk;
  }
  if (!parsed.vm.count("db") || !parsed.vm.count("did")) throw UsageError("need DB and DID");
  auto store = open_or_report(parsed.vm["db"].as<std::string>(), nullptr, false);
  if (!store) return kFailed;
  Json b = balance_json(store->ledger().state(), parsed.vm["did"].as<std::string>());
  if (parsed.vm.count("json")) {
    std::cout << b.dump(2) << "\n";
    return kOk;
  }
  std::cout << "account    " << b["account"].get<std::string>()
            << (b["known"].get<bool>() ? "" : "  (no transactions yet)") << "\n";
  std::cout << "free       " << b["free"] << "\n";
  std::cout << "escrowed   " << b["escrowed"] << " (" << b["escrows"].size()
            << " open escrows as payer)\n";
  std::cout << "bonded     " << b["bonded"];
  if (!b["bonded_by_role"].empty()) {
    std::cout << " (";
    bool first = true;
    for (const auto& [role, amount] : b["bonded_by_role"].items()) {
      std::cout << (first ? "" : ", ") << role << " " << amount;
      first = false;
    }
    std::cout << ")";
  }
  std::cout << "\nunbonding  " << b["unbonding"];
  std::uint64_t claimable = 0;
  for (const auto& u : b["unbonding_entries"]) {
    if (u["claimable"].get<bool>()) claimable += u["amount"].get<std::uint64_t>();
  }
  if (!b["unbonding_entries"].empty()) std::cout << " (" << claimable << " claimable now)";
  std::cout << "\n";
  return kOk;
}

int verb_history(const std::vector<std::string>& args) {
  po::options_description options("history options");
  options.add_options()("job", po::value<std::string>(), "only entries about this job id")(
      "json", "print a JSON array");
  auto parsed = parse(args, options, {"db"});
  if (parsed.help) {
    std::cout << usage_text("icnmesh ledger history DB [--job ID] [--json]", options)
              << "Every entry in height order: height, time (UTC), kind, authorizer, amount,\n"
                 "job and details; --json adds nonce, scheme, entry hash and the decoded tx.\n";
    return kOk;
  }
  if (!parsed.vm.count("db")) throw UsageError("missing DB");
  auto store = open_or_report(parsed.vm["db"].as<std::string>(), nullptr, false);
  if (!store) return kFailed;
  std::optional<std::string> job;
  if (parsed.vm.count("job")) job = parsed.vm["job"].as<std::string>();
  auto rows = store->rows(job);
  if (!rows) throw InputError("icnmesh ledger history: " + rows.error().message);
  bool json = parsed.vm.count("json") > 0;
  Json out = Json::array();
  if (!json) {
    std::cout << std::left << std::setw(7) << "height" << std::setw(25) << "time" << std::setw(15)
              << "kind" << std::setw(58) << "authorizer" << std::right << std::setw(12) << "amount"
              << "  " << std::left << std::setw(16) << "job"
              << "details\n";
  }
  for (const auto& row : *rows) {
    const auto& tx = row.tx;
    std::string kind = ledger::kind_name(tx.body_case());
    std::string job_id = ledger::tx_job_id(tx);
    if (json) {
      std::string tx_json;
      google::protobuf::util::JsonPrintOptions print;
      print.preserve_proto_field_names = true;
      (void)google::protobuf::util::MessageToJsonString(tx, &tx_json, print);
      out.push_back({{"height", row.entry.height()},
                     {"time_ms", tx.timestamp_unix_ms()},
                     {"time", iso_time(tx.timestamp_unix_ms())},
                     {"kind", kind},
                     {"authorizer", tx.authorizer()},
                     {"nonce", tx.nonce()},
                     {"amount", ledger::tx_amount(tx)},
                     {"job_id", job_id},
                     {"details", ledger::tx_details(tx)},
                     {"scheme", row.entry.scheme()},
                     {"entry_hash", hex_encode(ByteView(row.entry.entry_hash()))},
                     {"tx", Json::parse(tx_json, nullptr, false)}});
    } else {
      std::string short_job = job_id.size() > 15 ? job_id.substr(0, 14) + "~" : job_id;
      std::cout << std::left << std::setw(7) << row.entry.height() << std::setw(25)
                << iso_time(tx.timestamp_unix_ms()) << std::setw(15) << kind << std::setw(58)
                << tx.authorizer() << std::right << std::setw(12) << ledger::tx_amount(tx) << "  "
                << std::left << std::setw(16) << short_job << ledger::tx_details(tx) << "\n";
    }
  }
  if (json) std::cout << out.dump(2) << "\n";
  return kOk;
}

std::uint64_t random_u64() {
  std::uint64_t v = 0;
  randombytes_buf(&v, sizeof v);
  return v;
}

// Appends `count` workload transactions in batches (one commit per batch).
void write_transactions(LedgerStore& store, node::LedgerWorkload& workload, std::uint64_t count,
                        std::uint64_t batch, bool print_acks) {
  std::uint64_t done = 0;
  while (count == 0 || done < count) {
    std::vector<ledger::SignedTx> txs;
    for (std::uint64_t i = 0; i < batch && (count == 0 || done + i < count); ++i) {
      txs.push_back(workload.next());
    }
    auto result = store.append(txs, workload.verifier(), workload.now());
    if (!result) throw std::runtime_error(result.error().message);
    for (const auto& r : result->results) {
      if (!r) throw std::runtime_error("generated transaction rejected: " + r.error().message);
    }
    done += txs.size();
    if (print_acks) {
      // Printed only after COMMIT returned: every height printed is durable.
      std::printf("%llu\n", static_cast<unsigned long long>(result->height));
      std::fflush(stdout);
    }
  }
}

int verb_demo_populate(const std::vector<std::string>& args) {
  po::options_description options("demo-populate options");
  options.add_options()("count", po::value<std::uint64_t>()->default_value(100),
                        "number of transactions after the genesis allocations")(
      "seed", po::value<std::uint64_t>(),
      "derive keys and transactions from S (reproducible; the keys are then public: demo only)")(
      "accounts", po::value<int>()->default_value(8), "number of accounts besides the authority")(
      "scheme", po::value<std::string>()->default_value("ed25519"),
      "signature scheme: ed25519 or sim-mac (sim-mac cannot be verified outside a simulator)");
  auto parsed = parse(args, options, {"db"});
  if (parsed.help) {
    std::cout << usage_text("icnmesh ledger demo-populate DB [--count N] [--seed S]", options)
              << "Creates DB (must not exist) with an authority and accounts holding fresh\n"
                 "Ed25519 keys, one 10000-mana allocation per account, then N valid random\n"
                 "transactions of every kind (mint, regenerate, transfer, escrow lock/release,\n"
                 "bond post/withdraw/claim, slash). Ledger parameters: the economic defaults with\n"
                 "shortened clocks (regeneration every 60 s, unbonding delay 60 s).\n";
    return kOk;
  }
  if (!parsed.vm.count("db")) throw UsageError("missing DB");
  std::string db = parsed.vm["db"].as<std::string>();
  auto scheme_name = parsed.vm["scheme"].as<std::string>();
  if (scheme_name != "ed25519" && scheme_name != "sim-mac") {
    throw UsageError("--scheme must be ed25519 or sim-mac");
  }
  int accounts = parsed.vm["accounts"].as<int>();
  if (accounts < 2 || accounts > 1000) throw UsageError("--accounts must be in 2..1000");
  bool seeded = parsed.vm.count("seed") > 0;
  std::uint64_t seed = seeded ? parsed.vm["seed"].as<std::uint64_t>() : random_u64();
  // A seeded run is reproducible, so it starts at a fixed time (2026-01-01T00:00:00Z).
  UnixMs start = seeded ? 1'767'225'600'000ULL
                        : static_cast<UnixMs>(std::time(nullptr)) * 1000 - 86'400'000ULL;
  node::LedgerWorkload workload(seed, accounts, node::demo_ledger_params(),
                                scheme_name == "ed25519" ? node::LedgerWorkload::Scheme::kEd25519
                                                         : node::LedgerWorkload::Scheme::kSimMac,
                                start);
  auto store = LedgerStore::create(db, workload.genesis(), workload.params());
  if (!store) throw InputError("icnmesh ledger demo-populate: " + store.error().message);
  std::uint64_t count = parsed.vm["count"].as<std::uint64_t>();
  write_transactions(**store, workload, static_cast<std::uint64_t>(accounts), 64, false);
  write_transactions(**store, workload, count, 64, false);
  const auto& ledger = (*store)->ledger();
  std::cout << "wrote " << ledger.height() << " entries to " << db << " (" << accounts
            << " genesis allocations + " << count << " transactions), authority "
            << workload.genesis().authority << ", supply " << ledger::supply(ledger.state())
            << "\n";
  return kOk;
}

// Hidden: for tests/cli/ledger_crash.sh. Writes forever (or --limit transactions) in random
// batches and prints each committed height; continues an existing DB written with the same seed.
int verb_crash_writer(const std::vector<std::string>& args) {
  po::options_description options("crash-writer options");
  options.add_options()("seed", po::value<std::uint64_t>()->default_value(1), "workload seed")(
      "limit", po::value<std::uint64_t>()->default_value(0), "stop after N (0: never stop)")(
      "max-batch", po::value<std::uint64_t>()->default_value(50), "largest group commit");
  auto parsed = parse(args, options, {"db"});
  if (parsed.help) {
    std::cout << usage_text("icnmesh ledger crash-writer DB", options)
              << "Testing aid: appends valid transactions (sim-mac) in random group commits and\n"
                 "prints each committed height on its own line after COMMIT returned.\n";
    return kOk;
  }
  if (!parsed.vm.count("db")) throw UsageError("missing DB");
  std::string db = parsed.vm["db"].as<std::string>();
  std::uint64_t seed = parsed.vm["seed"].as<std::uint64_t>();
  node::LedgerWorkload workload(seed, 6, node::demo_ledger_params(),
                                node::LedgerWorkload::Scheme::kSimMac, 1'767'225'600'000ULL);
  std::unique_ptr<LedgerStore> store;
  if (auto existing = LedgerStore::open(db, {}); existing) {
    store = std::move(*existing);
    workload.resume(store->ledger().state());
  } else if (existing.error().code == node::kStoreOpenFailed) {
    auto created = LedgerStore::create(db, workload.genesis(), workload.params());
    if (!created) throw InputError(created.error().message);
    store = std::move(*created);
  } else {
    std::cout << existing.error().message << "\n";
    return kFailed;
  }
  std::uint64_t limit = parsed.vm["limit"].as<std::uint64_t>();
  std::uint64_t max_batch = std::max<std::uint64_t>(1, parsed.vm["max-batch"].as<std::uint64_t>());
  std::uint64_t rng = seed ^ 0x5eed;
  std::uint64_t written = 0;
  while (limit == 0 || written < limit) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    std::uint64_t batch = 1 + (rng >> 33) % max_batch;
    if (limit != 0) batch = std::min(batch, limit - written);
    write_transactions(*store, workload, batch, batch, true);
    written += batch;
  }
  return kOk;
}

}  // namespace

int cmd_ledger(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << kLedgerUsage;
    return kUsage;
  }
  const std::string& verb = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (verb == "--help" || verb == "-h" || verb == "help") {
    std::cout << kLedgerUsage;
    return kOk;
  }
  if (verb == "verify") return verb_verify(rest);
  if (verb == "balance") return verb_balance(rest);
  if (verb == "history") return verb_history(rest);
  if (verb == "demo-populate") return verb_demo_populate(rest);
  if (verb == "crash-writer") return verb_crash_writer(rest);
  std::cerr << "icnmesh ledger: unknown verb '" << verb << "'\n\n" << kLedgerUsage;
  return kUsage;
}

}  // namespace icn::cli
