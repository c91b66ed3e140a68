// The escrow side of settlement: how a job's escrow is divided and which escrow is released.
#include "protocol/settlement/settlement.hpp"

namespace icn::settlement {

economics::JobResult escrow_result(lifecycle::Resolution resolution) {
  using economics::JobResult;
  using lifecycle::Resolution;
  switch (resolution) {
    case Resolution::validated:
    case Resolution::arbitrated_correct:
      return JobResult::kAccepted;
    case Resolution::rejected_by_validators:
    case Resolution::arbitrated_wrong:
      return JobResult::kRejected;
    case Resolution::inconclusive:
    case Resolution::arbitrated_inconclusive:
      return JobResult::kInconclusive;
    case Resolution::execution_failed:
      return JobResult::kExecutionFailed;
    case Resolution::none:
    case Resolution::escrow_failed:
    case Resolution::no_bids:
    case Resolution::not_assigned:
    case Resolution::cancelled:
    case Resolution::no_show:
      return JobResult::kNotDelivered;
  }
  return JobResult::kNotDelivered;  // unreachable for a valid enumerator
}

Expected<std::optional<ledger::Escrow>> escrow_to_release(const lifecycle::JobState& job,
                                                          bool payments_due,
                                                          const ledger::LedgerState& ledger) {
  const std::string& job_id = job.terms.job_id;
  const std::string& submitter = job.terms.submitter;
  const auto it = ledger.escrows.find(job_id);
  const bool held = it != ledger.escrows.end() && !it->second.released;
  if (held && it->second.payer == submitter) return std::optional<ledger::Escrow>(it->second);
  // A refund-only settlement of a job whose lock was never confirmed: nothing of the
  // submitter's is held for it, and "return whatever is held" is then nothing.
  if (!job.escrow_locked && !payments_due) return std::optional<ledger::Escrow>();
  std::string found = it == ledger.escrows.end() ? "no escrow"
                      : it->second.released      ? "an escrow already released"
                                                 : "an escrow paid by " + it->second.payer;
  return fail(plan_error::escrow_mismatch, "job " + job_id +
                                               ": settlement must release the escrow of " +
                                               submitter + " but the ledger holds " + found);
}

PlannedTx late_escrow_refund(const std::string& job_id, const std::string& payer,
                             std::uint64_t amount) {
  PlannedTx planned;
  auto* release = planned.tx.mutable_escrow_release();
  release->set_job_id(job_id);
  if (amount > 0) {
    auto* payout = release->add_payouts();
    payout->set_to(payer);
    payout->set_amount(amount);
    payout->set_kind(v1::RELEASE_REFUND);
  }
  planned.what = "late escrow refund";
  return planned;
}

}  // namespace icn::settlement
