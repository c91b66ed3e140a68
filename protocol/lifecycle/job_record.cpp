#include "protocol/lifecycle/job_record.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

namespace icn::lifecycle {

namespace {

// The last enumerator of each persisted enum: a record value above it is out of range.
constexpr auto kLastPhase = static_cast<std::uint32_t>(Phase::settled);
constexpr auto kLastOutcome = static_cast<std::uint32_t>(Outcome::cancelled);
constexpr auto kLastResolution = static_cast<std::uint32_t>(Resolution::arbitrated_inconclusive);
constexpr auto kLastDecision = static_cast<std::uint32_t>(validation::QuorumDecision::inconclusive);
static_assert(kLastPhase == 9 && kLastOutcome == 4 && kLastResolution == 12 && kLastDecision == 3,
              "persisted enum values changed: JobRecord stores them (append, never reorder)");

tl::unexpected<Error> bad(const std::string& field, const std::string& why) {
  return fail("bad_record", "JobRecord." + field + ": " + why);
}

/// The strings as a set; an empty or repeated one is an error naming it.
Expected<std::set<std::string>> unique_set(
    const google::protobuf::RepeatedPtrField<std::string>& items, const std::string& field) {
  std::set<std::string> out;
  for (int i = 0; i < items.size(); ++i) {
    if (items[i].empty() || !out.insert(items[i]).second) {
      return bad(field + "[" + std::to_string(i) + "]", "'" + items[i] + "' is empty or repeated");
    }
  }
  return out;
}

bool phase_at_least_assigned(Phase p) {
  return p == Phase::assigned || p == Phase::executing || p == Phase::receipted ||
         p == Phase::validating || p == Phase::decided || p == Phase::disputed;
}

bool phase_at_least_receipted(Phase p) {
  return p == Phase::receipted || p == Phase::validating || p == Phase::decided ||
         p == Phase::disputed;
}

v1::JobTermsRecord terms_record(const JobTerms& t) {
  v1::JobTermsRecord r;
  r.set_job_id(t.job_id);
  r.set_submitter(t.submitter);
  r.set_submitted_at_unix_ms(t.submitted_at);
  r.set_max_price(t.max_price);
  r.set_validator_fee_budget(t.validator_fee_budget);
  r.set_dispute_reserve(t.dispute_reserve);
  r.set_validators_k(t.validators_k);
  r.set_quorum(t.quorum);
  r.set_bid_deadline_unix_ms(t.bid_deadline);
  r.set_execution_deadline_unix_ms(t.execution_deadline);
  r.set_validation_deadline_unix_ms(t.validation_deadline);
  r.set_dispute_window_end_unix_ms(t.dispute_window_end);
  r.set_arbitration_deadline_unix_ms(t.arbitration_deadline);
  return r;
}

JobTerms terms_of(const v1::JobTermsRecord& r) {
  JobTerms t;
  t.job_id = r.job_id();
  t.submitter = r.submitter();
  t.submitted_at = r.submitted_at_unix_ms();
  t.max_price = r.max_price();
  t.validator_fee_budget = r.validator_fee_budget();
  t.dispute_reserve = r.dispute_reserve();
  t.validators_k = r.validators_k();
  t.quorum = r.quorum();
  t.bid_deadline = r.bid_deadline_unix_ms();
  t.execution_deadline = r.execution_deadline_unix_ms();
  t.validation_deadline = r.validation_deadline_unix_ms();
  t.dispute_window_end = r.dispute_window_end_unix_ms();
  t.arbitration_deadline = r.arbitration_deadline_unix_ms();
  return t;
}

}  // namespace

v1::JobRecord to_record(const JobState& s) {
  v1::JobRecord r;
  r.set_phase(static_cast<std::uint32_t>(s.phase));
  r.set_outcome(static_cast<std::uint32_t>(s.outcome));
  r.set_resolution(static_cast<std::uint32_t>(s.resolution));
  *r.mutable_terms() = terms_record(s.terms);
  r.set_escrow_locked(s.escrow_locked);
  r.set_bid_window_closed(s.bid_window_closed);
  for (const auto& [executor, bid] : s.bids) *r.add_bids() = bid;
  if (s.assignment) {
    auto* a = r.mutable_assignment();
    a->set_executor(s.assignment->executor);
    a->set_price(s.assignment->price);
    for (const auto& v : s.assignment->validators) a->add_validators(v);
    a->set_bid_digest(s.assignment->bid_digest);
  }
  r.set_execution_started(s.execution_started);
  if (s.receipt) {
    auto* rc = r.mutable_receipt();
    rc->set_output_hash(s.receipt->output_hash);
    rc->set_status(s.receipt->status);
    rc->set_executor(s.receipt->executor);
    rc->set_code_hash(s.receipt->code_hash);
    rc->set_input_hash(s.receipt->input_hash);
    rc->set_output(s.receipt->output);
  }
  for (const auto& did : s.committed) r.add_committed(did);
  for (const auto& vote : s.vote_list()) {
    auto* v = r.add_votes();
    v->set_validator(vote.validator);
    v->set_vote(vote.vote);
    v->set_output_hash(vote.output_hash);
  }
  for (const auto& did : s.equivocators) r.add_equivocators(did);
  r.set_decision(static_cast<std::uint32_t>(s.decision));
  r.set_decided(s.decided);
  if (s.dispute) {
    auto* d = r.mutable_dispute();
    d->set_opener(s.dispute->opener);
    d->set_reason(s.dispute->reason);
    d->set_claimed_output_hash(s.dispute->claimed_output_hash);
    d->set_opened_at_unix_ms(s.dispute->opened_at);
    d->set_claims_wrong(s.dispute->claims_wrong);
  }
  if (s.verdict) {
    auto* v = r.mutable_verdict();
    v->set_arbiter(s.verdict->arbiter);
    v->set_outcome(s.verdict->outcome);
    v->set_correct_output_hash(s.verdict->correct_output_hash);
    for (const auto& did : s.verdict->faulty) v->add_faulty(did);
  }
  for (const auto& id : s.emitted) r.add_emitted(id);
  return r;
}

Expected<JobState> from_record(const v1::JobRecord& r) {
  JobState s;
  if (r.phase() > kLastPhase) return bad("phase", std::to_string(r.phase()) + " is out of range");
  if (r.outcome() > kLastOutcome) {
    return bad("outcome", std::to_string(r.outcome()) + " is out of range");
  }
  if (r.resolution() > kLastResolution) {
    return bad("resolution", std::to_string(r.resolution()) + " is out of range");
  }
  if (r.decision() > kLastDecision) {
    return bad("decision", std::to_string(r.decision()) + " is out of range");
  }
  s.phase = static_cast<Phase>(r.phase());
  s.outcome = static_cast<Outcome>(r.outcome());
  s.resolution = static_cast<Resolution>(r.resolution());
  const bool settled = s.phase == Phase::settled;
  if (settled != (s.outcome != Outcome::none) || settled != (s.resolution != Resolution::none)) {
    return bad("outcome", "a settled job has an outcome and a resolution, an open one neither");
  }
  s.terms = terms_of(r.terms());
  s.escrow_locked = r.escrow_locked();
  s.bid_window_closed = r.bid_window_closed();

  for (int i = 0; i < r.bids_size(); ++i) {
    const v1::Bid& bid = r.bids(i);
    const std::string field = "bids[" + std::to_string(i) + "]";
    if (bid.executor().empty()) return bad(field, "bid has no executor");
    if (bid.job_id() != s.terms.job_id) return bad(field, "bid for job '" + bid.job_id() + "'");
    if (!s.bids.emplace(bid.executor(), bid).second) {
      return bad(field, "a second bid of " + bid.executor());
    }
  }

  if (r.has_assignment()) {
    const auto& a = r.assignment();
    if (a.executor().empty()) return bad("assignment.executor", "empty");
    AssignmentInfo info{a.executor(), a.price(), {}, a.bid_digest()};
    auto validators = unique_set(a.validators(), "assignment.validators");
    if (!validators) return tl::unexpected(validators.error());
    info.validators.assign(a.validators().begin(), a.validators().end());
    s.assignment = std::move(info);
  } else if (phase_at_least_assigned(s.phase)) {
    return bad("assignment", "required in phase '" + std::string(to_string(s.phase)) + "'");
  }
  s.execution_started = r.execution_started();

  if (r.has_receipt()) {
    const auto& rc = r.receipt();
    if (!s.assignment) return bad("receipt", "a receipt without an assignment");
    if (!v1::ExecStatus_IsValid(rc.status())) {
      return bad("receipt.status", std::to_string(rc.status()) + " is not an ExecStatus");
    }
    ReceiptInfo info;
    info.output_hash = rc.output_hash();
    info.status = rc.status();
    info.executor = rc.executor();
    info.code_hash = rc.code_hash();
    info.input_hash = rc.input_hash();
    info.output = rc.output();
    s.receipt = std::move(info);
  } else if (phase_at_least_receipted(s.phase)) {
    return bad("receipt", "required in phase '" + std::string(to_string(s.phase)) + "'");
  }

  const auto is_assigned_validator = [&](const std::string& did) {
    if (!s.assignment) return false;
    const auto& vs = s.assignment->validators;
    return std::find(vs.begin(), vs.end(), did) != vs.end();
  };
  auto committed = unique_set(r.committed(), "committed");
  if (!committed) return tl::unexpected(committed.error());
  for (const auto& did : *committed) {
    if (!is_assigned_validator(did)) return bad("committed", did + " is not an assigned validator");
  }
  s.committed = std::move(*committed);

  if (r.votes_size() > 0 && !s.receipt) return bad("votes", "votes without a receipt");
  for (int i = 0; i < r.votes_size(); ++i) {
    const auto& v = r.votes(i);
    const std::string field = "votes[" + std::to_string(i) + "]";
    if (!is_assigned_validator(v.validator())) {
      return bad(field, "'" + v.validator() + "' is not an assigned validator");
    }
    if (v.vote() != v1::VOTE_ACCEPT && v.vote() != v1::VOTE_REJECT) {
      return bad(field, "vote is neither accept nor reject");
    }
    validation::VoteRecord vote{v.validator(), v.vote(), v.output_hash()};
    if (!s.votes.emplace(v.validator(), std::move(vote)).second) {
      return bad(field, "a second vote of " + v.validator());
    }
    s.vote_order.push_back(v.validator());
  }

  auto equivocators = unique_set(r.equivocators(), "equivocators");
  if (!equivocators) return tl::unexpected(equivocators.error());
  s.equivocators = std::move(*equivocators);

  s.decision = static_cast<validation::QuorumDecision>(r.decision());
  s.decided = r.decided();
  if (s.decided != (s.decision != validation::QuorumDecision::undecided)) {
    return bad("decided", "a final decision is accepted, rejected or inconclusive, and only it");
  }

  if (r.has_dispute()) {
    const auto& d = r.dispute();
    if (!s.receipt) return bad("dispute", "a dispute without a receipt");
    if (d.opener().empty()) return bad("dispute.opener", "empty");
    if (!v1::DisputeReason_IsValid(d.reason())) {
      return bad("dispute.reason", std::to_string(d.reason()) + " is not a DisputeReason");
    }
    s.dispute = DisputeInfo{d.opener(), d.reason(), d.claimed_output_hash(), d.opened_at_unix_ms(),
                            d.claims_wrong()};
  } else if (s.phase == Phase::disputed) {
    return bad("dispute", "required in phase 'disputed'");
  }

  if (r.has_verdict()) {
    const auto& v = r.verdict();
    if (!s.dispute) return bad("verdict", "a verdict without a dispute");
    if (!v1::Outcome_IsValid(v.outcome())) {
      return bad("verdict.outcome", std::to_string(v.outcome()) + " is not an Outcome");
    }
    s.verdict = VerdictInfo{v.arbiter(), v.outcome(), v.correct_output_hash(),
                            std::vector<std::string>(v.faulty().begin(), v.faulty().end())};
  }

  auto emitted = unique_set(r.emitted(), "emitted");
  if (!emitted) return tl::unexpected(emitted.error());
  s.emitted = std::move(*emitted);
  return s;
}

}  // namespace icn::lifecycle
