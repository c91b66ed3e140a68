// plan_settlement: one function per money effect kind, then the release and the slashes.
#include <utility>

#include "protocol/core/overloaded.hpp"
#include "protocol/settlement/settlement.hpp"

namespace icn::settlement {

namespace lc = icn::lifecycle;

namespace {

/// What the settlement's money effects say about the job's one escrow release.
struct ReleaseParts {
  bool required = false;
  std::optional<lc::PayExecutor> pay_executor;
  std::vector<std::string> validators;  // voted with the outcome
  std::optional<std::string> arbiter;
};

/// Everything planned so far: the release parts and the slashes in effect order.
struct Plan {
  const lc::JobState& job;
  const ledger::LedgerState& ledger;
  const v1::EconomicParams& params;
  SlashParties fault_parties;
  ReleaseParts release;
  std::vector<PlannedTx> slashes;
};

PlannedTx slash_tx(const Plan& plan, const std::string& account, v1::BondRole role,
                   std::uint64_t amount, const std::string& reason, const SlashParties& parties,
                   std::string what) {
  PlannedTx planned;
  *planned.tx.mutable_slash() =
      economics::make_slash(account, role, amount, plan.job.terms.job_id, reason,
                            parties.whistleblower, parties.harmed, plan.params);
  planned.what = std::move(what);
  return planned;
}

// ---- one function per money effect ----

void plan_pay_executor(Plan& plan, const lc::PayExecutor& e) {
  plan.release.required = true;
  plan.release.pay_executor = e;
}

void plan_pay_validators(Plan& plan, const lc::PayValidators& e) {
  plan.release.required = true;
  plan.release.validators = e.validators;
}

void plan_pay_arbiter(Plan& plan, const lc::PayArbiter& e) {
  plan.release.required = true;
  plan.release.arbiter = e.arbiter;
}

void plan_refund(Plan& plan, const lc::Refund&) {
  plan.release.required = true;  // the remainder of the same release goes back
}

void plan_slash_executor(Plan& plan, const lc::SlashExecutor& e) {
  const std::uint64_t bond = ledger::slashable(plan.ledger, e.executor, v1::BOND_EXECUTOR);
  const std::uint64_t amount = executor_slash_amount(e.fault, bond, plan.params);
  if (amount == 0) return;
  const std::string fault(lc::to_string(e.fault));
  plan.slashes.push_back(slash_tx(plan, e.executor, v1::BOND_EXECUTOR, amount, fault,
                                  plan.fault_parties, "slash executor " + fault));
}

void plan_slash_validators(Plan& plan, const lc::SlashValidators& e) {
  const std::string fault(lc::to_string(e.fault));
  for (const auto& validator : e.validators) {
    const std::uint64_t bond = ledger::slashable(plan.ledger, validator, v1::BOND_VALIDATOR);
    const std::uint64_t amount = validator_slash_amount(e.fault, bond, plan.params);
    if (amount == 0) continue;
    plan.slashes.push_back(slash_tx(plan, validator, v1::BOND_VALIDATOR, amount, fault,
                                    plan.fault_parties, "slash validator " + fault));
  }
}

void plan_slash_accuser(Plan& plan, const lc::SlashAccuser& e) {
  const std::uint64_t bond =
      ledger::slashable(plan.ledger, e.accuser, v1::BOND_DISPUTE, plan.job.terms.job_id);
  const std::uint64_t amount = economics::slash_griefing(bond, plan.params);
  if (amount == 0) return;
  plan.slashes.push_back(slash_tx(plan, e.accuser, v1::BOND_DISPUTE, amount, "griefing",
                                  griefing_slash_parties(plan.job), "slash accuser griefing"));
}

void plan_reward_whistleblower(Plan&, const lc::RewardWhistleblower&) {
  // No transaction of its own: fault_slash_parties names the opener as the whistleblower of
  // every executor and validator slash of this settlement (none: no reward).
}

void plan_return_dispute_bond(Plan&, const lc::ReturnDisputeBond&) {
  // No transaction: the dispute bond was not slashed, so it simply stays the opener's bond for
  // the job; the opener withdraws it like any bond (BondWithdraw, then the unbonding delay).
}

/// The release of the job's escrow, if one is required and there is an escrow to release.
Expected<std::optional<PlannedTx>> plan_release(const Plan& plan) {
  const ReleaseParts& parts = plan.release;
  if (!parts.required) return std::optional<PlannedTx>();
  const lc::JobState& job = plan.job;
  const economics::JobResult result = escrow_result(job.resolution);
  const bool accepted = result == economics::JobResult::kAccepted;
  if (accepted != parts.pay_executor.has_value()) {
    return fail(plan_error::inconsistent,
                "job " + job.terms.job_id + ": resolution '" +
                    std::string(lc::to_string(job.resolution)) +
                    (accepted ? "' pays the executor but no PayExecutor was emitted"
                              : "' pays no executor but PayExecutor was emitted"));
  }
  if (parts.pay_executor &&
      (!job.assignment || parts.pay_executor->executor != job.assignment->executor ||
       parts.pay_executor->price != job.assignment->price)) {
    return fail(plan_error::inconsistent, "job " + job.terms.job_id +
                                              ": PayExecutor names another executor or price "
                                              "than the assignment");
  }
  const bool payments_due = accepted || !parts.validators.empty() || parts.arbiter.has_value();
  auto escrow = escrow_to_release(job, payments_due, plan.ledger);
  if (!escrow) return tl::unexpected(escrow.error());
  if (!*escrow) return std::optional<PlannedTx>();

  economics::SettlementInput in;
  in.payer = job.terms.submitter;
  in.executor = job.assignment ? job.assignment->executor : std::string();
  in.escrow = (*escrow)->amount;
  in.payment.set_max_price(job.terms.max_price);
  in.payment.set_validator_fee_budget(job.terms.validator_fee_budget);
  in.payment.set_dispute_reserve(job.terms.dispute_reserve);
  in.accepted_price = job.assignment ? job.assignment->price : 0;
  in.result = result;
  in.validators_with_outcome = parts.validators;
  in.arbiter = parts.arbiter;
  auto payouts = economics::settle_escrow(in, plan.params);
  if (!payouts) return tl::unexpected(payouts.error());

  PlannedTx planned;
  auto* release = planned.tx.mutable_escrow_release();
  release->set_job_id(job.terms.job_id);
  for (auto& payout : *payouts) *release->add_payouts() = std::move(payout);
  planned.what = "release";
  return std::optional<PlannedTx>(std::move(planned));
}

const std::string& job_of(const lc::Effect& effect) {
  return std::visit([](const auto& e) -> const std::string& { return e.job_id; }, effect);
}

}  // namespace

EffectHandling settlement_handling(const lc::Effect& effect) {
  using H = EffectHandling;
  return std::visit(Overloaded{
                        [](const lc::LockEscrow&) { return H::not_money; },
                        [](const lc::AnnounceJob&) { return H::not_money; },
                        [](const lc::RequestSelection&) { return H::not_money; },
                        [](const lc::SendAssignment&) { return H::not_money; },
                        [](const lc::RequestValidation&) { return H::not_money; },
                        [](const lc::PayExecutor&) { return H::escrow_release; },
                        [](const lc::PayValidators&) { return H::escrow_release; },
                        [](const lc::PayArbiter&) { return H::escrow_release; },
                        [](const lc::Refund&) { return H::escrow_release; },
                        [](const lc::SlashExecutor&) { return H::slash; },
                        [](const lc::SlashValidators&) { return H::slash; },
                        [](const lc::SlashAccuser&) { return H::slash; },
                        [](const lc::ReturnDisputeBond&) { return H::bond_stays; },
                        [](const lc::RewardWhistleblower&) { return H::slash_share; },
                        [](const lc::ReportEquivocation&) { return H::not_money; },
                        [](const lc::NotifyParties&) { return H::not_money; },
                    },
                    effect);
}

Expected<std::vector<PlannedTx>> plan_settlement(const lc::JobState& job,
                                                 const std::vector<lc::Effect>& effects,
                                                 const ledger::LedgerState& ledger,
                                                 const v1::EconomicParams& params) {
  bool money = false;
  for (const auto& effect : effects) {
    if (settlement_handling(effect) == EffectHandling::not_money) continue;
    money = true;
    if (job_of(effect) != job.terms.job_id) {
      return fail(plan_error::wrong_job,
                  "effect " + lc::effect_id(effect) + " is not about job " + job.terms.job_id);
    }
  }
  if (!money) return std::vector<PlannedTx>();
  if (job.phase != lc::Phase::settled) {
    return fail(plan_error::not_settled, "job " + job.terms.job_id +
                                             " has money effects in phase '" +
                                             std::string(lc::to_string(job.phase)) + "'");
  }

  Plan plan{job, ledger, params, fault_slash_parties(job, effects), {}, {}};
  for (const auto& effect : effects) {
    std::visit(Overloaded{
                   [&](const lc::PayExecutor& e) { plan_pay_executor(plan, e); },
                   [&](const lc::PayValidators& e) { plan_pay_validators(plan, e); },
                   [&](const lc::PayArbiter& e) { plan_pay_arbiter(plan, e); },
                   [&](const lc::Refund& e) { plan_refund(plan, e); },
                   [&](const lc::SlashExecutor& e) { plan_slash_executor(plan, e); },
                   [&](const lc::SlashValidators& e) { plan_slash_validators(plan, e); },
                   [&](const lc::SlashAccuser& e) { plan_slash_accuser(plan, e); },
                   [&](const lc::RewardWhistleblower& e) { plan_reward_whistleblower(plan, e); },
                   [&](const lc::ReturnDisputeBond& e) { plan_return_dispute_bond(plan, e); },
                   // Not money: messages and requests the caller carries out itself.
                   [](const lc::LockEscrow&) {},
                   [](const lc::AnnounceJob&) {},
                   [](const lc::RequestSelection&) {},
                   [](const lc::SendAssignment&) {},
                   [](const lc::RequestValidation&) {},
                   [](const lc::ReportEquivocation&) {},
                   [](const lc::NotifyParties&) {},
               },
               effect);
  }

  auto release = plan_release(plan);
  if (!release) return tl::unexpected(release.error());
  std::vector<PlannedTx> out;
  out.reserve(plan.slashes.size() + 1);
  if (*release) out.push_back(std::move(**release));
  for (auto& slash : plan.slashes) out.push_back(std::move(slash));
  return out;
}

}  // namespace icn::settlement
