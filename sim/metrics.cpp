#include "sim/metrics.hpp"

#include "protocol/core/overloaded.hpp"

namespace icn::sim {

namespace lc = icn::lifecycle;

std::int64_t wealth(const ledger::LedgerState& s, const std::string& did) {
  return static_cast<std::int64_t>(ledger::free_balance(s, did) + ledger::total_bonded(s, did) +
                                   ledger::unbonding_total(s, did) + ledger::escrowed_by(s, did));
}

void Metrics::on_event(const actors::Event& event) {
  std::visit(
      Overloaded{
          [&](const actors::events::JobCreated&) { ++counters_["jobs_created"]; },
          [&](const actors::events::JobSubmitted& e) {
            ++counters_["jobs_submitted"];
            jobs_[e.job_id].submitter = e.submitter;
          },
          [&](const actors::events::Assigned& e) { jobs_[e.job_id].executor = e.executor; },
          [&](const actors::events::Settled& e) {
            JobInfo& j = jobs_[e.job_id];
            j.settled = true;
            j.outcome = e.outcome;
            j.resolution = e.resolution;
            ++counters_["jobs_" + std::string(lc::to_string(e.outcome))];
            ++counters_["resolution." + std::string(lc::to_string(e.resolution))];
          },
          [&](const actors::events::EscrowRefused&) { ++counters_["jobs_escrow_refused"]; },
          [&](const actors::events::DisputeOpened&) { ++counters_["jobs_disputed"]; },
          [&](const actors::events::Slashed& e) {
            ++counters_["slashes"];
            counters_["slashed_mana"] += static_cast<double>(e.amount);
            if (auto i = population_.index_of(e.account))
              ++counters_["slashed." + population_.node(*i).group];
            if (population_.honest(e.account)) ++counters_["honest_slashed"];
          },
          [&](const actors::events::LedgerError&) { ++counters_["ledger_errors"]; },
          [&](const actors::events::MessageRejected&) { ++counters_["messages_rejected"]; },
          [&](const actors::events::Executed& e) {
            ++counters_["executions"];
            if (e.status != v1::EXEC_OK) ++counters_["executions_failed"];
          },
          [&](const auto&) { ++counters_["reported." + std::string(actors::event_name(event))]; },
      },
      event);
}

void Metrics::set_start(const ledger::LedgerState& ledger) {
  for (const NodeSpec& node : population_.nodes())
    if (node.index != 0) wealth_start_[node.did] = wealth(ledger, node.did);
  supply_start_ = ledger::supply(ledger);
}

std::map<std::string, double> Metrics::summarize(
    const ledger::LedgerState& ledger, std::map<std::string, std::int64_t>& net_by_role_strategy,
    std::map<std::string, std::int64_t>& net_by_group) const {
  std::map<std::string, double> m = counters_;
  double honest_jobs = 0, honest_completed = 0, wrong_accepted = 0, wrong_caught = 0, settled = 0;
  for (const auto& [id, j] : jobs_) {
    if (j.submitter.empty()) continue;
    if (j.settled) ++settled;
    const bool wrong_exec =
        !j.executor.empty() && population_.strategy_of(j.executor) == v1::STRATEGY_WRONG_RESULT;
    if (wrong_exec && j.settled && j.outcome == lc::Outcome::completed) ++wrong_accepted;
    if (wrong_exec && j.settled && j.outcome == lc::Outcome::failed &&
        (j.resolution == lc::Resolution::rejected_by_validators ||
         j.resolution == lc::Resolution::arbitrated_wrong))
      ++wrong_caught;
    if (!population_.honest(j.submitter)) continue;
    if (!j.executor.empty() && !population_.honest(j.executor)) continue;
    ++honest_jobs;
    if (j.settled && j.outcome == lc::Outcome::completed) ++honest_completed;
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
  for (const NodeSpec& s : population_.nodes()) {
    if (s.index == 0) continue;
    auto start = wealth_start_.find(s.did);
    const std::int64_t delta =
        wealth(ledger, s.did) - (start == wealth_start_.end() ? 0 : start->second);
    net_by_group[s.group] += delta;
    std::string strategy = v1::Strategy_Name(s.strategy);
    if (strategy.rfind("STRATEGY_", 0) == 0) strategy = strategy.substr(9);
    for (auto& c : strategy) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    net_by_role_strategy[std::string(actors::to_string(s.role)) + "/" + strategy] += delta;
    if (s.strategy == v1::STRATEGY_HONEST) {
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
  for (const auto& [g, v] : net_by_group) m["net_mana." + g] = static_cast<double>(v);
  for (const auto& [k, v] : net_by_role_strategy) m["net_mana." + k] = static_cast<double>(v);
  m["attacker_net_mana"] = attacker;
  m["honest_net_mana"] = honest;
  m["honest_executor_net_mana"] = honest_exec;
  m["honest_executors"] = honest_execs;
  m["honest_executors_paid"] = honest_exec_paid;
  m["honest_executor_min_net_mana"] = honest_exec_min;

  m["ledger_supply_start"] = static_cast<double>(supply_start_);
  m["ledger_supply_end"] = static_cast<double>(ledger::supply(ledger));
  m["ledger_minted"] = static_cast<double>(ledger.minted);
  m["ledger_burned"] = static_cast<double>(ledger.burned);

  m["messages_sent"] = static_cast<double>(messages.sent);
  m["messages_delivered"] = static_cast<double>(messages.delivered);
  m["messages_lost"] = static_cast<double>(messages.lost);
  m["messages_partitioned"] = static_cast<double>(messages.partitioned);
  m["messages_duplicated"] = static_cast<double>(messages.duplicated);
  m["messages_dropped_down"] = static_cast<double>(messages.dropped_down);
  m["messages_unroutable"] = static_cast<double>(messages.unroutable);
  return m;
}

}  // namespace icn::sim
