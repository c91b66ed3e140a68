// reputation_outcome: the established outcome of a settled job, from its own evidence.
#include "protocol/settlement/settlement.hpp"
#include "protocol/validation/quorum.hpp"

namespace icn::settlement {

namespace lc = icn::lifecycle;

namespace {

v1::Assignment assignment_of(const lc::JobState& job) {
  const lc::AssignmentInfo& info = *job.assignment;
  v1::Assignment a;
  a.set_job_id(job.terms.job_id);
  a.set_executor(info.executor);
  a.set_price(info.price);
  a.set_bid_digest(info.bid_digest);
  a.set_execution_deadline_unix_ms(job.terms.execution_deadline);
  for (const auto& v : info.validators) a.add_validators(v);
  return a;
}

/// The reveals the quorum decided with: the first reveal of each validator, in reveal order.
std::vector<v1::ValidationReveal> reveals_of(const lc::JobState& job) {
  std::vector<v1::ValidationReveal> reveals;
  for (const auto& vote : job.vote_list()) {
    v1::ValidationReveal r;
    r.set_job_id(job.terms.job_id);
    r.set_validator(vote.validator);
    r.set_vote(vote.vote);
    r.set_output_hash(vote.output_hash);
    reveals.push_back(std::move(r));
  }
  return reveals;
}

v1::Verdict verdict_of(const lc::JobState& job) {
  const lc::VerdictInfo& info = *job.verdict;
  v1::Verdict v;
  v.set_job_id(job.terms.job_id);
  v.set_arbiter(info.arbiter);
  v.set_outcome(info.outcome);
  v.set_correct_output_hash(info.correct_output_hash);
  for (const auto& did : info.faulty) v.add_faulty(did);
  return v;
}

/// What the deciding evidence establishes: the verdict when there is one, else the votes.
Expected<reputation::EstablishedOutcome> decided_by(const lc::JobState& job) {
  const v1::Assignment a = assignment_of(job);
  if (job.verdict) return reputation::EstablishedOutcome::from_verdict(verdict_of(job), a);
  return reputation::EstablishedOutcome::from_quorum(
      a, reveals_of(job), validation::decision_threshold(job.terms.validators_k, job.terms.quorum));
}

}  // namespace

std::optional<reputation::EstablishedOutcome> reputation_outcome(const lc::JobState& job,
                                                                 UnixMs now) {
  if (job.phase != lc::Phase::settled || !job.assignment) return std::nullopt;
  using R = lc::Resolution;
  switch (job.resolution) {
    case R::validated:
    case R::rejected_by_validators:
    case R::arbitrated_correct:
    case R::arbitrated_wrong: {
      auto outcome = decided_by(job);
      if (!outcome) return std::nullopt;
      return std::move(*outcome);
    }
    case R::execution_failed: {
      auto outcome = decided_by(job);  // fails with k = 0: nobody established anything
      if (!outcome) return std::nullopt;
      return outcome->without_executor();
    }
    case R::no_show: {
      auto outcome = reputation::EstablishedOutcome::from_missed_deadline(assignment_of(job), now);
      if (!outcome) return std::nullopt;
      return std::move(*outcome);
    }
    case R::none:
    case R::escrow_failed:
    case R::no_bids:
    case R::not_assigned:
    case R::cancelled:
    case R::inconclusive:
    case R::arbitrated_inconclusive:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace icn::settlement
