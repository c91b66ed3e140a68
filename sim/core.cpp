#include "sim/core.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "protocol/economics/params.hpp"
#include "sim/expectations.hpp"
#include "sim/genesis.hpp"
#include "sim/roles_config.hpp"
#include "sim/scenario.hpp"

namespace icn::sim {
namespace {

std::string short_type(v1::MessageType t) {
  const std::string& n = v1::MessageType_Name(t);
  return n.rfind("MSG_", 0) == 0 ? n.substr(4) : n;
}

std::string short_digest(const v1::Envelope& env) {
  const std::string& sig = env.signature();
  return hex_encode(ByteView(reinterpret_cast<const std::uint8_t*>(sig.data()),
                             std::min<std::size_t>(8, sig.size())));
}

v1::EconomicParams checked_params(const v1::Scenario& scenario) {
  v1::EconomicParams params = economics::with_defaults(scenario.economics());
  auto valid = economics::validate_params(params);
  if (!valid) throw std::runtime_error("scenario economics: " + valid.error().message);
  return params;
}

std::vector<LatencyModel> latency_classes(const v1::Scenario& scenario) {
  std::vector<LatencyModel> classes;
  for (const auto& c : scenario.network().classes()) {
    // The one floating-point conversion, done once at load; the sampling itself is integer.
    classes.push_back(
        LatencyModel{c.base_ms(), c.jitter_ms(),
                     static_cast<std::uint32_t>(std::lround(c.lognormal_sigma() * 65536))});
  }
  if (classes.empty()) classes.push_back(LatencyModel{});
  return classes;
}

}  // namespace

SimCore::SimCore(const v1::Scenario& scenario, const RunOptions& options)
    : scenario_(scenario),
      options_(options),
      seed_(options.seed ? *options.seed : scenario.seed()),
      start_unix_ms_(scenario.start_unix_ms() ? scenario.start_unix_ms() : kDefaultStartUnixMs),
      params_(checked_params(scenario)),
      population_(scenario, seed_),
      network_rng_(seed_, "network"),
      faults_(scenario, population_, network_),
      metrics_(population_),
      ledger_observer_(population_.verifier(), population_.node(0).did, params_) {
  // The network: latency classes per node, loss, duplication, FIFO links unless reordering.
  network_.set_classes(latency_classes(scenario_));
  std::map<std::string, std::uint32_t> class_index;
  for (int i = 0; i < scenario_.network().classes_size(); ++i)
    class_index[scenario_.network().classes(i).name()] = static_cast<std::uint32_t>(i);
  for (const NodeSpec& node : population_.nodes()) {
    std::uint32_t cls = 0;
    if (node.group_spec && !node.group_spec->latency_class().empty())
      cls = class_index[node.group_spec->latency_class()];
    network_.add_node(cls);
  }
  network_.set_loss(scenario_.network().loss(), scenario_.network().duplicate());
  network_.set_fifo(!scenario_.network().reorder());

  // Execution.
  if (scenario_.execution().mode() == v1::ExecutionModel::REAL) {
    const std::string dir =
        options_.scenario_path.empty()
            ? std::string(".")
            : std::filesystem::path(options_.scenario_path).parent_path().string();
    execution_ = make_real_execution(scenario_.execution(), dir.empty() ? "." : dir);
  } else {
    execution_ = make_modelled_execution();
  }

  // The ledger node's disk starts with the genesis log; then every node gets its world.
  const auto genesis = genesis_entries(population_, params_, start_unix_ms_);
  for (std::uint32_t i = 0; i < population_.size(); ++i) {
    worlds_.push_back(std::make_unique<SimWorld>(*this, i, population_.take_signer(i), seed_));
  }
  down_.assign(population_.size(), false);
  for (const auto& entry : genesis) worlds_[0]->disk().ledger_log().append(entry);
  ledger_observer_.poll(worlds_[0]->disk().log_entries());
  metrics_.set_start(ledger_observer_.ledger().state());

  invariant_every_ = std::max<std::uint32_t>(1, scenario_.options().invariant_every());
  invariants_.add(make_mana_conservation_checker());
  invariants_.add(make_escrow_once_checker());
  invariants_.add(make_assigned_receipt_checker());
  invariants_.add(make_terminal_by_deadline_checker(
      scenario_.options().grace_ms() ? scenario_.options().grace_ms() : 30000));
  invariants_.add(make_honest_never_slashed_checker(
      [this](const std::string& did) { return population_.honest(did); },
      [this](const std::string& did) { return population_.name_of(did); }));
  if (!options_.trace_path.empty())
    trace_.open_file(options_.trace_path, seed_, scenario_.name(), scenario_text(scenario_));
  if (options_.compare_trace)
    trace_.compare_with(options_.compare_trace, options_.compare_header_lines);
}

SimCore::~SimCore() = default;

std::unique_ptr<actors::RoleLogic> SimCore::make_role(std::uint32_t i) {
  return sim::make_role(scenario_, population_, params_, start_unix_ms_, population_.node(i),
                        *worlds_[i]);
}

// ---- services ----

void SimCore::trace_line(const std::string& from, const std::string& to, const std::string& what,
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

void SimCore::transmit(std::uint32_t from, const std::string& to, actors::SharedEnvelope envelope) {
  ++metrics_.messages.sent;
  auto target = population_.index_of(to);
  if (!target) {
    ++metrics_.messages.unroutable;
    return;
  }
  const std::string& from_name = population_.node(from).name;
  const std::string& to_name = population_.node(*target).name;
  const std::string type = short_type(envelope->type());
  const Route r = network_.route(from, *target, now_ms, network_rng_);
  if (r.fate != Route::Fate::delivered) {
    const bool cut = r.fate == Route::Fate::partitioned;
    ++(cut ? metrics_.messages.partitioned : metrics_.messages.lost);
    trace_line(from_name, to_name, cut ? "CUT" : "LOST", type + ":" + short_digest(*envelope));
    return;
  }
  if (r.copies == 2) ++metrics_.messages.duplicated;
  for (std::uint8_t c = 0; c < r.copies; ++c) {
    const DurationMs delay = r.delays[c];
    // The receiver's process is down when the message arrives, or dies while it travels:
    // either way this message never reaches a running actor.
    if (faults_.down_within(*target, now_ms, now_ms + delay)) {
      ++metrics_.messages.dropped_down;
      trace_line(from_name, to_name, "DOWN", type + ":" + short_digest(*envelope));
      continue;
    }
    ++metrics_.messages.delivered;
    trace_line(from_name, to_name, type, short_digest(*envelope) + " +" + std::to_string(delay));
    dispatcher_->deliver(*target, delay, population_.node(from).did, envelope);
  }
}

void SimCore::set_timer(std::uint32_t node, DurationMs delay, std::uint64_t tag) {
  dispatcher_->timer(node, delay, tag);
}

void SimCore::execute(std::uint32_t node, std::uint64_t ticket, actors::ExecutionOrder order) {
  Completion c = execution_->run(order);
  const NodeSpec& spec = population_.node(node);
  const std::uint32_t speed =
      spec.group_spec && spec.group_spec->speed_percent() ? spec.group_spec->speed_percent() : 100;
  const DurationMs duration = std::max<DurationMs>(1, c.duration_ms * 100 / speed);
  dispatcher_->executed(node, duration, ticket,
                        std::make_shared<const actors::ExecutionResult>(std::move(c.result)));
}

std::string SimCore::readable(const std::string& text) const {
  std::string out;
  std::size_t pos = 0;
  for (std::size_t d; (d = text.find("did:key:", pos)) != std::string::npos;) {
    std::size_t end = text.find_first_of(" ,()|", d);
    if (end == std::string::npos) end = text.size();
    out += text.substr(pos, d - pos) + population_.name_of(text.substr(d, end - d));
    pos = end;
  }
  return out + text.substr(pos);
}

void SimCore::on_event(std::uint32_t node, const actors::Event& event) {
  metrics_.on_event(event);
  trace_line(
      population_.node(node).name, "-", actors::event_name(event),
      actors::describe(event, [this](const std::string& did) { return population_.name_of(did); }));
}

// ---- faults ----

void SimCore::apply_due_faults() {
  for (const FaultStep& s : faults_.take_due(now_ms)) {
    for (std::uint32_t n : s.nodes) {
      const std::string& name = population_.node(n).name;
      switch (s.kind) {
        case FaultStep::Kind::crash:
          if (!down_[n]) {
            down_[n] = true;
            trace_line(name, "-", "CRASH", "-");
            dispatcher_->stop(n);
          }
          break;
        case FaultStep::Kind::restart:
          if (down_[n]) {
            down_[n] = false;
            if (s.wipe) worlds_[n]->disk().wipe();
            trace_line(name, "-", "RESTART", s.wipe ? "wiped" : "kept");
            dispatcher_->start(n);
          }
          break;
        case FaultStep::Kind::skew:
          worlds_[n]->skew_ms = s.skew_ms;
          trace_line(name, "-", "SKEW", std::to_string(s.skew_ms));
          break;
      }
    }
  }
}

// ---- invariants and the end ----

void SimCore::fill_observed(CheckContext& ctx) const {
  ctx.ledger_height = ledger_observer_.ledger().height();
  ctx.new_txs = &ledger_observer_.new_txs();
  ctx.job_changes = &job_observer_.changes();
  ctx.replay_fault = &ledger_observer_.fault();
  ctx.record_fault = &job_observer_.fault();
}

void SimCore::after_event() {
  ++events;
  SimStorage& ledger_disk = worlds_[0]->disk();
  ledger_observer_.poll(ledger_disk.log_entries());
  job_observer_.poll(ledger_disk);
  CheckContext ctx;
  ctx.event_index = events;
  ctx.now = start_unix_ms_ + now_ms;
  // The ledger check is O(accounts + escrows): every invariant_every events (1 by default).
  if (events % invariant_every_ == 0) ctx.ledger = &ledger_observer_.ledger().state();
  fill_observed(ctx);
  invariants_.check(ctx);
}

RunResult SimCore::finish(std::uint64_t wall_ms) {
  SimStorage& ledger_disk = worlds_[0]->disk();
  ledger_observer_.poll(ledger_disk.log_entries());
  job_observer_.poll(ledger_disk);
  const ledger::Ledger& ledger = ledger_observer_.ledger();
  CheckContext final_ctx;
  final_ctx.event_index = events;
  final_ctx.now = start_unix_ms_ + now_ms;
  final_ctx.ledger = &ledger.state();
  fill_observed(final_ctx);
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
  r.ledger_height = ledger.height();
  if (options_.on_final_ledger) r.ledger_db_error = options_.on_final_ledger(ledger);

  for (const auto& name : metric_names()) r.metrics[name] = 0;
  auto summary =
      metrics_.summarize(ledger.state(), r.net_mana_by_role_strategy, r.net_mana_by_group);
  for (auto& [k, v] : summary) r.metrics[k] = v;
  auto& m = r.metrics;
  m["events"] = static_cast<double>(events);
  m["sim_time_ms"] = static_cast<double>(now_ms);
  m["ledger_height"] = static_cast<double>(ledger.height());
  m["executions_real"] = static_cast<double>(execution_->real_runs());
  m["execution_cache_hits"] = static_cast<double>(execution_->cache_hits());

  r.invariant_checks = invariants_.checks();
  r.invariant_violations = invariants_.violations();
  r.violations = invariants_.first_violations();
  for (auto& v : r.violations) v.message = readable(v.message);  // people read node names
  m["invariant_violations"] = static_cast<double>(r.invariant_violations);
  r.expectations = judge_expectations(scenario_, m);
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
          "messages_rejected",
          "executions",
          "executions_failed",
          "executions_real",
          "execution_cache_hits",
          "invariant_violations"};
}

bool RunResult::ok() const {
  if (invariant_violations > 0 || divergence || !ledger_db_error.empty()) return false;
  for (const auto& e : expectations)
    if (!e.ok) return false;
  return true;
}

}  // namespace icn::sim
