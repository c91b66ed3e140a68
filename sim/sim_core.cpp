#include "sim/sim_core.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "protocol/crypto/ed25519.hpp"
#include "protocol/economics/params.hpp"
#include "protocol/economics/rules.hpp"
#include "protocol/ledger/invariant.hpp"
#include "protocol/ledger/signed_tx.hpp"
#include "sim/scenario.hpp"

namespace icn::sim {
namespace {

actors::Strategy strategy_of(v1::Strategy s) {
  using S = actors::Strategy;
  switch (s) {
    case v1::STRATEGY_WRONG_RESULT:
      return S::wrong_result;
    case v1::STRATEGY_NO_SHOW:
      return S::no_show;
    case v1::STRATEGY_LATE_DELIVERY:
      return S::late_delivery;
    case v1::STRATEGY_BID_SPAM:
      return S::bid_spam;
    case v1::STRATEGY_LAZY:
      return S::lazy;
    case v1::STRATEGY_COLLUDE:
      return S::collude;
    case v1::STRATEGY_OFFLINE:
      return S::offline;
    case v1::STRATEGY_SPAM:
      return S::spam;
    case v1::STRATEGY_UNDERFUNDED:
      return S::underfunded;
    default:
      return S::honest;
  }
}

actors::Role role_of(v1::SimRole r) {
  switch (r) {
    case v1::SIM_SUBMITTER:
      return actors::Role::submitter;
    case v1::SIM_EXECUTOR:
      return actors::Role::executor;
    case v1::SIM_VALIDATOR:
      return actors::Role::validator;
    case v1::SIM_ARBITER:
      return actors::Role::arbiter;
    default:
      return actors::Role::ledger;
  }
}

const char* role_name(actors::Role r) {
  switch (r) {
    case actors::Role::submitter:
      return "submitter";
    case actors::Role::executor:
      return "executor";
    case actors::Role::validator:
      return "validator";
    case actors::Role::arbiter:
      return "arbiter";
    case actors::Role::ledger:
      return "ledger";
  }
  return "?";
}

Ed25519Seed identity_seed(std::uint64_t seed, const std::string& name) {
  Bytes material = to_bytes("icnmesh/sim-identity/v1\n");
  append_u64_be(material, seed);
  material.insert(material.end(), name.begin(), name.end());
  const Digest d = sha256(material);
  Ed25519Seed out{};
  std::copy(d.begin(), d.end(), out.begin());
  return out;
}

std::string short_type(v1::MessageType t) {
  const std::string& n = v1::MessageType_Name(t);
  return n.rfind("MSG_", 0) == 0 ? n.substr(4) : n;
}

std::string short_digest(const v1::Envelope& env) {
  const std::string& sig = env.signature();
  return hex_encode(ByteView(reinterpret_cast<const std::uint8_t*>(sig.data()),
                             std::min<std::size_t>(8, sig.size())));
}

}  // namespace

// ---- SimNode ----

SimNode::SimNode(SimCore& core, std::uint32_t index, std::unique_ptr<Signer> signer,
                 std::uint64_t seed)
    : core_(core),
      index_(index),
      signer_(std::move(signer)),
      rng_(seed, "node/" + signer_->did()) {}

UnixMs SimNode::now() const {
  const std::int64_t t = static_cast<std::int64_t>(core_.start_unix_ms() + core_.now_ms) + skew_ms;
  return t < 0 ? 0 : static_cast<UnixMs>(t);
}
const Verifier& SimNode::verifier() const {
  return core_.verifier();
}
const actors::Directory& SimNode::directory() const {
  return core_.directory();
}
void SimNode::send(const std::string& to, const v1::Envelope& envelope) {
  core_.transmit(index_, to, envelope);
}
void SimNode::set_timer(DurationMs delay, std::uint64_t tag) {
  core_.dispatcher().timer(index_, delay, tag, generation_);
}
void SimNode::report(const std::string& event, const std::string& subject, std::int64_t value) {
  core_.on_report(index_, event, subject, value);
}
bool SimNode::on_arrival(const std::string& from, const v1::Envelope& envelope) {
  return core_.on_arrival(index_, from, envelope);
}

std::optional<std::uint32_t> SimDirectory::reputation_ppm(const std::string& did) const {
  return core_.reputation(did);
}

// ---- SimCore ----

SimCore::SimCore(const v1::Scenario& scenario, const RunOptions& options)
    : scenario_(scenario),
      options_(options),
      seed_(options.seed ? *options.seed : scenario.seed()),
      start_unix_ms_(scenario.start_unix_ms() ? scenario.start_unix_ms() : kDefaultStartUnixMs),
      directory_(*this),
      network_rng_(seed_, "network") {
  params_ = economics::with_defaults(scenario_.economics());
  auto valid = economics::validate_params(params_);
  if (!valid) throw std::runtime_error("scenario economics: " + valid.error().message);
  verifier_ = std::make_unique<SchemeVerifier>(&keys_);
  invariant_every_ = std::max<std::uint32_t>(1, scenario_.options().invariant_every());
  build_population();
  build_genesis();
  build_faults();
  invariants_.add(make_mana_conservation_checker());
  invariants_.add(make_escrow_once_checker());
  invariants_.add(make_assigned_receipt_checker());
  invariants_.add(make_terminal_by_deadline_checker(
      scenario_.options().grace_ms() ? scenario_.options().grace_ms() : 30000));
  invariants_.add(make_honest_never_slashed_checker(
      [this](const std::string& did) { return honest_.count(did) != 0; }));
  if (!options_.trace_path.empty())
    trace_.open_file(options_.trace_path, seed_, scenario_.name(), scenario_text(scenario_));
  if (options_.compare_trace)
    trace_.compare_with(options_.compare_trace, options_.compare_header_lines);
}

SimCore::~SimCore() = default;

void SimCore::build_population() {
  std::vector<LatencyModel> classes;
  std::map<std::string, std::uint32_t> class_index;
  for (const auto& c : scenario_.network().classes()) {
    class_index[c.name()] = static_cast<std::uint32_t>(classes.size());
    // The one floating-point conversion, done once at load; the sampling itself is integer.
    classes.push_back(
        LatencyModel{c.base_ms(), c.jitter_ms(),
                     static_cast<std::uint32_t>(std::lround(c.lognormal_sigma() * 65536))});
  }
  if (classes.empty()) classes.push_back(LatencyModel{});
  network_.set_classes(classes);
  network_.set_loss(scenario_.network().loss(), scenario_.network().duplicate());
  network_.set_fifo(!scenario_.network().reorder());

  specs_.push_back(
      NodeSpec{"ledger", "", "", actors::Role::ledger, actors::Strategy::honest, nullptr});
  for (const auto& g : scenario_.population()) {
    for (std::uint32_t i = 0; i < g.count(); ++i) {
      specs_.push_back(NodeSpec{g.name() + "-" + std::to_string(i), g.name(), "", role_of(g.role()),
                                strategy_of(g.strategy()), &g});
    }
  }
  const bool ed25519 = scenario_.signing() == v1::SIGNING_ED25519;
  for (std::uint32_t i = 0; i < specs_.size(); ++i) {
    NodeSpec& spec = specs_[i];
    const Ed25519Seed seed = identity_seed(seed_, spec.name);
    std::unique_ptr<Signer> signer;
    if (ed25519) {
      signer = std::make_unique<Ed25519Signer>(seed);
    } else {
      signer = std::make_unique<SimMacSigner>(keys_.enroll(seed));
    }
    spec.did = signer->did();
    index_of_[spec.did] = i;
    nodes_.push_back(std::make_unique<SimNode>(*this, i, std::move(signer), seed_));
    std::uint32_t cls = 0;
    if (spec.group_spec && !spec.group_spec->latency_class().empty())
      cls = class_index[spec.group_spec->latency_class()];
    network_.add_node(cls);
    directory_.members_[static_cast<std::size_t>(spec.role)].push_back(spec.did);
    if (spec.strategy == actors::Strategy::honest) honest_.insert(spec.did);
    group_of_did_[spec.did] = spec.group.empty() ? "ledger" : spec.group;
  }
  for (auto& m : directory_.members_) std::sort(m.begin(), m.end());
}

void SimCore::build_genesis() {
  const std::string& authority = specs_[0].did;
  ledger_ = std::make_unique<ledger::Ledger>(ledger::Genesis{authority}, params_);
  std::uint64_t nonce = 0;
  auto apply = [&](v1::LedgerTx tx, const Signer& signer) {
    tx.set_timestamp_unix_ms(start_unix_ms_);
    auto r = ledger_->submit(ledger::sign_tx(tx, signer), *verifier_, start_unix_ms_);
    if (!r) throw std::runtime_error("genesis: " + r.error().message);
  };
  for (std::uint32_t i = 1; i < specs_.size(); ++i) {
    const v1::Group& g = *specs_[i].group_spec;
    const std::uint64_t amount = g.balance() + g.bond();
    if (amount == 0) continue;
    v1::LedgerTx tx;
    tx.set_authorizer(authority);
    tx.set_nonce(++nonce);
    tx.mutable_mint()->set_to(specs_[i].did);
    tx.mutable_mint()->set_amount(amount);
    tx.mutable_mint()->set_memo("genesis " + specs_[i].name);
    apply(tx, nodes_[0]->signer());
  }
  for (std::uint32_t i = 1; i < specs_.size(); ++i) {
    const v1::Group& g = *specs_[i].group_spec;
    v1::BondRole role = v1::BOND_ROLE_UNSPECIFIED;
    if (specs_[i].role == actors::Role::executor) role = v1::BOND_EXECUTOR;
    if (specs_[i].role == actors::Role::validator) role = v1::BOND_VALIDATOR;
    if (specs_[i].role == actors::Role::arbiter) role = v1::BOND_ARBITER;
    if (g.bond() == 0 || role == v1::BOND_ROLE_UNSPECIFIED) continue;
    v1::LedgerTx tx;
    tx.set_authorizer(specs_[i].did);
    tx.set_nonce(1);
    tx.mutable_bond_post()->set_account(specs_[i].did);
    tx.mutable_bond_post()->set_role(role);
    tx.mutable_bond_post()->set_amount(g.bond());
    apply(tx, nodes_[i]->signer());
  }
  for (std::uint32_t i = 1; i < specs_.size(); ++i)
    wealth_start_[specs_[i].did] = wealth(specs_[i].did);
  supply_start_ = ledger::supply(ledger_->state());
}

void SimCore::build_faults() {
  auto resolve = [&](const google::protobuf::RepeatedPtrField<std::string>& names) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < specs_.size(); ++i) {
      for (const auto& n : names)
        if (specs_[i].name == n || specs_[i].group == n) {
          out.push_back(i);
          break;
        }
    }
    return out;
  };
  for (const auto& f : scenario_.faults()) {
    switch (f.kind_case()) {
      case v1::Fault::kPartition: {
        NetworkWindow w;
        w.start_ms = f.start_ms();
        w.end_ms = f.end_ms();
        w.side.assign(specs_.size(), false);
        for (auto i : resolve(f.partition().nodes())) w.side[i] = true;
        network_.add_window(std::move(w));
        break;
      }
      case v1::Fault::kLink: {
        NetworkWindow w;
        w.start_ms = f.start_ms();
        w.end_ms = f.end_ms();
        w.loss = f.link().loss();
        w.duplicate = f.link().duplicate();
        network_.add_window(std::move(w));
        break;
      }
      case v1::Fault::kCrash: {
        auto nodes = resolve(f.crash().nodes());
        fault_steps_.push_back(FaultStep{f.start_ms(), FaultStep::Kind::crash, nodes, true, 0});
        fault_steps_.push_back(
            FaultStep{f.end_ms(), FaultStep::Kind::restart, nodes, !f.crash().wipe_state(), 0});
        break;
      }
      case v1::Fault::kSkew: {
        auto nodes = resolve(f.skew().nodes());
        fault_steps_.push_back(
            FaultStep{f.start_ms(), FaultStep::Kind::skew, nodes, true, f.skew().offset_ms()});
        fault_steps_.push_back(FaultStep{f.end_ms(), FaultStep::Kind::skew, nodes, true, 0});
        break;
      }
      default:
        break;
    }
  }
  std::stable_sort(fault_steps_.begin(), fault_steps_.end(),
                   [](const FaultStep& a, const FaultStep& b) { return a.at_ms < b.at_ms; });
}

std::unique_ptr<actors::RoleLogic> SimCore::make_role(std::uint32_t i) {
  const NodeSpec& spec = specs_[i];
  SimNode& world = *nodes_[i];
  const std::uint64_t retry = scenario_.network().retry_ms() ? scenario_.network().retry_ms() : 500;
  if (spec.role == actors::Role::ledger) {
    actors::LedgerConfig c;
    c.params = params_;
    c.announce_fanout = scenario_.workload().announce_fanout();
    c.retry_ms = retry;
    c.ledger = ledger_.get();
    c.reputation = &reputation_;
    return actors::make_ledger(world, std::move(c));
  }
  const v1::Group& g = *spec.group_spec;
  switch (spec.role) {
    case actors::Role::submitter: {
      actors::SubmitterConfig c;
      c.strategy = spec.strategy;
      c.params = params_;
      for (const auto& t : scenario_.workload().templates()) {
        actors::WeightedSpec w{t.weight() == 0 ? 1 : t.weight(), t.spec()};
        if (scenario_.options().validators_per_job() > 0)
          w.spec.mutable_validation()->set_validators(scenario_.options().validators_per_job());
        c.templates.push_back(std::move(w));
      }
      const auto& arrival = scenario_.workload().arrival();
      c.poisson = arrival.kind() == v1::Arrival::POISSON;
      c.mean_interval_ms =
          c.poisson ? static_cast<DurationMs>(std::llround(1000.0 / arrival.rate_per_s()))
                    : arrival.interval_ms();
      c.start_after_ms = scenario_.workload().start_after_ms();
      c.start_unix_ms = start_unix_ms_;
      c.retry_ms = retry;
      // Honest and underfunded submitters share total_jobs; spammers add spam_factor times
      // an average share at spam_factor times the rate.
      std::uint32_t regular = 0, my_rank = 0;
      for (std::uint32_t j = 1; j < specs_.size(); ++j) {
        if (specs_[j].role != actors::Role::submitter ||
            specs_[j].strategy == actors::Strategy::spam)
          continue;
        if (j == i) my_rank = regular;
        ++regular;
      }
      const std::uint32_t total = scenario_.workload().total_jobs();
      const std::uint32_t share = regular ? total / regular : total;
      if (spec.strategy == actors::Strategy::spam) {
        const std::uint32_t factor = g.spam_factor() ? g.spam_factor() : 10;
        c.quota = (regular ? (total + regular - 1) / regular : total) * factor;
        c.mean_interval_ms = std::max<DurationMs>(1, c.mean_interval_ms / factor);
      } else {
        c.quota = share + (my_rank < (regular ? total % regular : 0) ? 1 : 0);
      }
      c.mean_interval_ms = std::max<DurationMs>(1, c.mean_interval_ms);
      return actors::make_submitter(world, std::move(c));
    }
    case actors::Role::executor: {
      actors::ExecutorConfig c;
      c.strategy = spec.strategy;
      c.params = params_;
      c.bond = g.bond();
      c.offered = g.resources();
      for (auto r : g.runtimes()) c.runtimes.push_back(static_cast<v1::RuntimeKind>(r));
      if (c.runtimes.empty()) c.runtimes.push_back(v1::RUNTIME_WASM);
      c.speed_percent = g.speed_percent() ? g.speed_percent() : 100;
      c.late_by_ms = g.late_by_ms();
      std::uint64_t latency = 10;
      for (const auto& cl : scenario_.network().classes())
        if (cl.name() == g.latency_class() ||
            (g.latency_class().empty() && &cl == &scenario_.network().classes(0)))
          latency = cl.base_ms() + cl.jitter_ms() / 2;
      c.latency_ms = static_cast<std::uint32_t>(latency);
      c.federation = g.federation();
      c.capabilities.assign(g.capabilities().begin(), g.capabilities().end());
      return actors::make_executor(world, std::move(c));
    }
    case actors::Role::validator: {
      actors::ValidatorConfig c;
      c.strategy = spec.strategy;
      c.speed_percent = g.speed_percent() ? g.speed_percent() : 100;
      for (const auto& other : specs_)
        if (!g.colludes_with().empty() && other.group == g.colludes_with())
          c.partners.insert(other.did);
      return actors::make_validator(world, std::move(c));
    }
    default:
      return actors::make_arbiter(world);
  }
}

const std::string& SimCore::name_of(const std::string& did) const {
  auto it = index_of_.find(did);
  return it == index_of_.end() ? did : specs_[it->second].name;
}

std::uint32_t SimCore::reputation(const std::string& did) const {
  return reputation_.at(did, start_unix_ms_ + now_ms, params_);
}

void SimCore::trace_line(const std::string& from, const std::string& to, const char* what,
                         const std::string& detail) {
  std::string l;
  l.reserve(96);
  l += std::to_string(now_ms);
  l += ' ';
  l += std::to_string(trace_.lines() + 1);
  l += ' ';
  l += from;
  l += ' ';
  l += to;
  l += ' ';
  l += what;
  l += ' ';
  l += detail;
  trace_.line(l);
}

void SimCore::transmit(std::uint32_t from, const std::string& to, const v1::Envelope& envelope) {
  auto it = index_of_.find(to);
  ++msgs_.sent;
  if (it == index_of_.end()) {
    ++msgs_.unroutable;
    return;
  }
  const std::uint32_t target = it->second;
  const Route r = network_.route(from, target, now_ms, network_rng_);
  if (r.fate != Route::Fate::delivered) {
    const bool cut = r.fate == Route::Fate::partitioned;
    ++(cut ? msgs_.partitioned : msgs_.lost);
    trace_line(specs_[from].name, specs_[target].name, cut ? "CUT" : "LOST",
               short_type(envelope.type()) + ":" + short_digest(envelope));
    return;
  }
  auto shared = std::make_shared<const v1::Envelope>(envelope);
  if (r.copies == 2) ++msgs_.duplicated;
  for (std::uint8_t c = 0; c < r.copies; ++c)
    dispatcher_->deliver(target, r.delays[c], nodes_[from]->signer().did(), shared);
}

bool SimCore::on_arrival(std::uint32_t node, const std::string& from,
                         const v1::Envelope& envelope) {
  const bool up = !nodes_[node]->down;
  ++(up ? msgs_.delivered : msgs_.dropped_down);
  trace_line(
      name_of(from), specs_[node].name, up ? short_type(envelope.type()).c_str() : "DOWN",
      up ? short_digest(envelope) : short_type(envelope.type()) + ":" + short_digest(envelope));
  return up;
}

void SimCore::on_report(std::uint32_t node, const std::string& event, const std::string& subject,
                        std::int64_t value) {
  invariants_.observe(ReportView{event, subject, value});
  std::vector<std::string> f = split_fields(subject);
  if (event == "job_created") {
    ++counters_["jobs_created"];
  } else if (event == "submitted" && f.size() >= 2) {
    ++counters_["jobs_submitted"];
    jobs_[f[0]].submitter = f[1];
  } else if (event == "assigned" && f.size() >= 2) {
    jobs_[f[0]].executor = f[1];
  } else if (event == "settled" && f.size() >= 3) {
    JobInfo& j = jobs_[f[0]];
    j.settled = true;
    j.outcome = f[1];
    j.resolution = f[2];
    ++counters_["jobs_" + f[1]];
    ++counters_["resolution." + f[2]];
  } else if (event == "escrow_refused") {
    ++counters_["jobs_escrow_refused"];
  } else if (event == "dispute") {
    ++counters_["jobs_disputed"];
  } else if (event == "slash" && !f.empty()) {
    ++counters_["slashes"];
    counters_["slashed_mana"] += static_cast<double>(value);
    ++counters_["slashed." + group_of_did_[f[0]]];
    if (honest_.count(f[0])) ++counters_["honest_slashed"];
  } else if (event == "ledger_error") {
    ++counters_["ledger_errors"];
  } else {
    ++counters_["reported." + event];
  }
  std::string readable;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (i) readable += '|';
    readable += f[i].rfind("did:", 0) == 0 ? name_of(f[i]) : f[i];
  }
  trace_line(specs_[node].name, "-", event.c_str(), readable + " " + std::to_string(value));
}

std::uint64_t SimCore::apply_faults(std::uint64_t now_rel) {
  while (next_fault_ < fault_steps_.size() && fault_steps_[next_fault_].at_ms <= now_rel) {
    const FaultStep& s = fault_steps_[next_fault_++];
    for (std::uint32_t n : s.nodes) {
      SimNode& node = *nodes_[n];
      switch (s.kind) {
        case FaultStep::Kind::crash:
          if (!node.down) {
            node.crash();
            trace_line(specs_[n].name, "-", "CRASH", "-");
          }
          break;
        case FaultStep::Kind::restart:
          if (node.down) {
            node.down = false;
            if (!s.state_kept) node.memory().clear();
            trace_line(specs_[n].name, "-", "RESTART", s.state_kept ? "kept" : "wiped");
            dispatcher_->restart(n, s.state_kept);
          }
          break;
        case FaultStep::Kind::skew:
          node.skew_ms = s.skew_ms;
          trace_line(specs_[n].name, "-", "SKEW", std::to_string(s.skew_ms));
          break;
      }
    }
  }
  return next_fault_ < fault_steps_.size() ? fault_steps_[next_fault_].at_ms : UINT64_MAX;
}

void SimCore::after_event() {
  ++events;
  CheckContext ctx{events, start_unix_ms_ + now_ms, nullptr, ledger_->height()};
  // The ledger check is O(accounts + escrows): every invariant_every events (1 by default).
  if (events % invariant_every_ == 0) ctx.ledger = &ledger_->state();
  invariants_.check(ctx);
}

std::int64_t SimCore::wealth(const std::string& did) const {
  const auto& s = ledger_->state();
  return static_cast<std::int64_t>(ledger::free_balance(s, did) + ledger::total_bonded(s, did) +
                                   ledger::unbonding_total(s, did) + ledger::escrowed_by(s, did));
}

RunResult SimCore::finish(std::uint64_t wall_ms) {
  CheckContext final_ctx{events, start_unix_ms_ + now_ms, &ledger_->state(), ledger_->height()};
  invariants_.check(final_ctx);
  trace_.finish();

  RunResult r;
  r.scenario = scenario_.name();
  r.seed = seed_;
  r.trace_hash = trace_.hash_hex();
  r.trace_lines = trace_.lines();
  r.events = events;
  r.sim_time_ms = now_ms;
  r.start_unix_ms = start_unix_ms_;
  r.wall_ms = wall_ms;
  r.divergence = trace_.divergence();
  r.ledger_height = ledger_->height();
  if (options_.on_final_ledger) r.ledger_db_error = options_.on_final_ledger(*ledger_);

  auto& m = r.metrics;
  for (const auto& name : metric_names()) m[name] = 0;
  for (const auto& [k, v] : counters_) m[k] = v;
  m["messages_sent"] = static_cast<double>(msgs_.sent);
  m["messages_delivered"] = static_cast<double>(msgs_.delivered);
  m["messages_lost"] = static_cast<double>(msgs_.lost);
  m["messages_partitioned"] = static_cast<double>(msgs_.partitioned);
  m["messages_duplicated"] = static_cast<double>(msgs_.duplicated);
  m["messages_dropped_down"] = static_cast<double>(msgs_.dropped_down);
  m["messages_unroutable"] = static_cast<double>(msgs_.unroutable);
  m["events"] = static_cast<double>(events);
  m["sim_time_ms"] = static_cast<double>(now_ms);

  auto strategy_of_did = [&](const std::string& did) {
    auto it = index_of_.find(did);
    return it == index_of_.end() ? actors::Strategy::honest : specs_[it->second].strategy;
  };
  double honest_jobs = 0, honest_completed = 0, wrong_accepted = 0, wrong_caught = 0, settled = 0;
  for (const auto& [id, j] : jobs_) {
    if (j.submitter.empty()) continue;
    if (j.settled) ++settled;
    const bool wrong_exec =
        !j.executor.empty() && strategy_of_did(j.executor) == actors::Strategy::wrong_result;
    if (wrong_exec && j.settled && j.outcome == "completed") ++wrong_accepted;
    if (wrong_exec && j.settled && j.outcome == "failed" &&
        (j.resolution == "rejected_by_validators" || j.resolution == "arbitrated_wrong"))
      ++wrong_caught;
    if (!honest_.count(j.submitter)) continue;
    if (!j.executor.empty() && !honest_.count(j.executor)) continue;
    ++honest_jobs;
    if (j.settled && j.outcome == "completed") ++honest_completed;
  }
  m["honest_jobs"] = honest_jobs;
  m["honest_jobs_completed"] = honest_completed;
  m["honest_jobs_completed_ratio"] = honest_jobs > 0 ? honest_completed / honest_jobs : 1.0;
  m["jobs_completed_ratio"] =
      m["jobs_submitted"] > 0 ? m["jobs_completed"] / m["jobs_submitted"] : 1.0;
  m["jobs_unsettled"] = m["jobs_submitted"] - settled;
  m["wrong_results_accepted"] = wrong_accepted;
  m["wrong_results_caught"] = wrong_caught;

  double attacker = 0, honest = 0, honest_exec = 0, honest_exec_paid = 0, honest_execs = 0;
  double honest_exec_min = 0;
  bool first_exec = true;
  for (std::uint32_t i = 1; i < specs_.size(); ++i) {
    const NodeSpec& s = specs_[i];
    const std::int64_t delta = wealth(s.did) - wealth_start_[s.did];
    r.net_mana_by_group[s.group] += delta;
    r.net_mana_by_role_strategy[std::string(role_name(s.role)) + "/" +
                                actors::to_string(s.strategy)] += delta;
    if (s.strategy == actors::Strategy::honest) {
      honest += static_cast<double>(delta);
      if (s.role == actors::Role::executor) {
        ++honest_execs;
        honest_exec += static_cast<double>(delta);
        if (delta > 0) ++honest_exec_paid;
        if (first_exec || delta < honest_exec_min) honest_exec_min = static_cast<double>(delta);
        first_exec = false;
      }
    } else {
      attacker += static_cast<double>(delta);
    }
  }
  for (const auto& [g, v] : r.net_mana_by_group) m["net_mana." + g] = static_cast<double>(v);
  for (const auto& [k, v] : r.net_mana_by_role_strategy)
    m["net_mana." + k] = static_cast<double>(v);
  m["attacker_net_mana"] = attacker;
  m["honest_net_mana"] = honest;
  m["honest_executor_net_mana"] = honest_exec;
  m["honest_executors"] = honest_execs;
  m["honest_executors_paid"] = honest_exec_paid;
  m["honest_executor_min_net_mana"] = honest_exec_min;

  const auto& ls = ledger_->state();
  m["ledger_supply_start"] = static_cast<double>(supply_start_);
  m["ledger_supply_end"] = static_cast<double>(ledger::supply(ls));
  m["ledger_minted"] = static_cast<double>(ls.minted);
  m["ledger_burned"] = static_cast<double>(ls.burned);
  m["ledger_height"] = static_cast<double>(ledger_->height());

  r.invariant_checks = invariants_.checks();
  r.invariant_violations = invariants_.violations();
  r.violations = invariants_.first_violations();
  for (auto& v : r.violations) {  // people read node names, not DIDs
    std::string out;
    std::size_t pos = 0;
    for (std::size_t d; (d = v.message.find("did:key:", pos)) != std::string::npos;) {
      std::size_t end = v.message.find_first_of(" ,()|", d);
      if (end == std::string::npos) end = v.message.size();
      out += v.message.substr(pos, d - pos) + name_of(v.message.substr(d, end - d));
      pos = end;
    }
    v.message = out + v.message.substr(pos);
  }
  m["invariant_violations"] = static_cast<double>(r.invariant_violations);

  for (int i = 0; i < scenario_.expect_size(); ++i) {
    const auto& e = scenario_.expect(i);
    static const char* kOps[] = {">=", "<=", "==", ">", "<"};
    ExpectationResult x;
    std::ostringstream value_text;
    value_text << e.value();
    x.name = e.name().empty() ? e.metric() + " " + kOps[e.op()] + " " + value_text.str() : e.name();
    auto it = m.find(e.metric());
    x.known = it != m.end();
    x.value = x.known ? it->second : 0;
    if (x.known) {
      switch (e.op()) {
        case v1::Expectation::GE:
          x.ok = x.value >= e.value();
          break;
        case v1::Expectation::LE:
          x.ok = x.value <= e.value();
          break;
        case v1::Expectation::EQ:
          x.ok = x.value == e.value();
          break;
        case v1::Expectation::GT:
          x.ok = x.value > e.value();
          break;
        case v1::Expectation::LT:
          x.ok = x.value < e.value();
          break;
        default:
          break;
      }
    }
    r.expectations.push_back(x);
  }
  return r;
}

std::vector<std::string> metric_names() {
  return {"events",
          "sim_time_ms",
          "jobs_created",
          "jobs_submitted",
          "jobs_completed",
          "jobs_failed",
          "jobs_expired",
          "jobs_cancelled",
          "jobs_disputed",
          "jobs_escrow_refused",
          "jobs_unsettled",
          "jobs_completed_ratio",
          "honest_jobs",
          "honest_jobs_completed",
          "honest_jobs_completed_ratio",
          "wrong_results_accepted",
          "wrong_results_caught",
          "slashes",
          "slashed_mana",
          "honest_slashed",
          "attacker_net_mana",
          "honest_net_mana",
          "honest_executor_net_mana",
          "honest_executors",
          "honest_executors_paid",
          "honest_executor_min_net_mana",
          "ledger_supply_start",
          "ledger_supply_end",
          "ledger_minted",
          "ledger_burned",
          "ledger_height",
          "ledger_errors",
          "messages_sent",
          "messages_delivered",
          "messages_lost",
          "messages_duplicated",
          "messages_partitioned",
          "messages_dropped_down",
          "messages_unroutable",
          "invariant_violations"};
}

bool RunResult::ok() const {
  if (invariant_violations > 0 || divergence || !ledger_db_error.empty()) return false;
  for (const auto& e : expectations)
    if (!e.ok) return false;
  return true;
}

}  // namespace icn::sim
