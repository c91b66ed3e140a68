#include "protocol/lifecycle/job_machine.hpp"

#include "protocol/core/overloaded.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

namespace icn::lifecycle {

namespace {

using validation::QuorumDecision;

/// A working copy of the state plus the effects emitted so far in this step.
struct Step {
  JobState s;
  std::vector<Effect> effects;

  /// Emits `effect` unless an effect with the same id was ever emitted for this job.
  void emit(Effect effect) {
    if (s.emitted.insert(effect_id(effect)).second) effects.push_back(std::move(effect));
  }
  Transition done() { return Transition{std::move(s), std::move(effects), std::nullopt}; }
};

// The handlers below take the caller's state by reference to step()'s by-value parameter and
// move it into the Transition they return: a step copies no bids, votes or effect ids.

Transition no_op(JobState& state) {
  return Transition{std::move(state), {}, std::nullopt};
}

Transition reject_with(JobState& state, const char* code, std::string message) {
  Error error{code, std::move(message)};
  return Transition{std::move(state), {}, std::move(error)};
}

Transition illegal(JobState& state, const Event& event) {
  std::string message = "event '" + std::string(event_name(event)) + "' is not valid in phase '" +
                        std::string(to_string(state.phase)) + "'";
  return reject_with(state, reject::illegal_transition, std::move(message));
}

/// A second, different receipt or vote from `offender`: rejected, but recorded and reported
/// once (never after settlement).
Transition equivocation(JobState& state, const std::string& offender, const char* detail,
                        std::string message) {
  if (state.phase == Phase::settled) {
    return reject_with(state, reject::equivocation, std::move(message));
  }
  Step st{std::move(state), {}};
  st.s.equivocators.insert(offender);
  st.emit(ReportEquivocation{st.s.terms.job_id, offender, detail});
  return Transition{std::move(st.s), std::move(st.effects),
                    Error{reject::equivocation, std::move(message)}};
}

bool phase_in(Phase p, std::initializer_list<Phase> phases) {
  return std::find(phases.begin(), phases.end(), p) != phases.end();
}

bool after_receipt(Phase p) {
  return phase_in(p, {Phase::receipted, Phase::validating, Phase::decided, Phase::disputed});
}

/// A bid may be accepted at `now` while its valid_until (0: no limit) has not passed.
bool bid_valid_at(const v1::Bid& bid, UnixMs now) {
  return bid.valid_until_unix_ms() == 0 || now < bid.valid_until_unix_ms();
}

bool is_validator(const JobState& s, const std::string& did) {
  if (!s.assignment) return false;
  const auto& vs = s.assignment->validators;
  return std::find(vs.begin(), vs.end(), did) != vs.end();
}

std::vector<std::string> parties(const JobState& s) {
  std::vector<std::string> out{s.terms.submitter};
  if (s.assignment) {
    out.push_back(s.assignment->executor);
    out.insert(out.end(), s.assignment->validators.begin(), s.assignment->validators.end());
  }
  return out;
}

void settle(Step& st, Outcome outcome, Resolution resolution) {
  st.s.phase = Phase::settled;
  st.s.outcome = outcome;
  st.s.resolution = resolution;
  st.emit(NotifyParties{st.s.terms.job_id, outcome, resolution, parties(st.s)});
}

/// Settlement without validation: only the escrow goes back (expired, cancelled, a failed
/// execution with k = 0).
void settle_with_refund(Step& st, Outcome outcome, Resolution resolution) {
  st.emit(Refund{st.s.terms.job_id, st.s.terms.submitter});
  settle(st, outcome, resolution);
}

void settle_no_show(Step& st) {
  const auto& a = *st.s.assignment;
  st.emit(SlashExecutor{st.s.terms.job_id, a.executor, ExecutorFault::no_show, a.price});
  settle_with_refund(st, Outcome::failed, Resolution::no_show);
}

/// Final settlement of a receipted job on `result` (the validators' decision, or the
/// arbiter's verdict when one was issued). An upheld receipt of a failed run settles as
/// execution_failed: no payment and no slash for the executor (receipt_pays_executor).
/// Validators who committed but never revealed are slashed only once the validation deadline
/// has passed.
void settle_on_result(Step& st, QuorumDecision result, UnixMs now) {
  JobState& s = st.s;
  const std::string& job = s.terms.job_id;
  const auto& a = *s.assignment;
  const bool has_verdict = s.verdict.has_value();
  const bool upheld = result == QuorumDecision::accepted;
  const bool pays_executor = upheld && s.receipt && receipt_pays_executor(*s.receipt);

  const auto split = validation::split_votes(s.vote_list(), result);
  if (pays_executor) {
    st.emit(PayExecutor{job, a.executor, a.price});
  } else if (result == QuorumDecision::rejected) {
    const bool overuse =
        has_verdict && s.dispute && s.dispute->reason == v1::DISPUTE_RESOURCE_OVERUSE;
    st.emit(SlashExecutor{job, a.executor,
                          overuse ? ExecutorFault::resource_overuse : ExecutorFault::wrong_result,
                          a.price});
  }
  if (!split.with_outcome.empty()) st.emit(PayValidators{job, split.with_outcome});
  if (!split.against_outcome.empty()) {
    st.emit(SlashValidators{job, split.against_outcome, ValidatorFault::wrong_vote});
  }
  if (now >= s.terms.validation_deadline) {
    std::vector<std::string> silent;
    for (const auto& v : a.validators) {
      if (s.committed.count(v) != 0 && s.votes.count(v) == 0) silent.push_back(v);
    }
    if (!silent.empty()) st.emit(SlashValidators{job, silent, ValidatorFault::no_reveal});
  }

  if (s.dispute) {
    const std::string& opener = s.dispute->opener;
    if (has_verdict) {
      st.emit(PayArbiter{job, s.verdict->arbiter});
      const bool decisive = result != QuorumDecision::inconclusive;
      const bool opener_right =
          decisive && ((result == QuorumDecision::rejected) == s.dispute->claims_wrong);
      if (decisive && !opener_right) {
        st.emit(SlashAccuser{job, opener});
      } else {
        st.emit(ReturnDisputeBond{job, opener});
        if (opener_right) st.emit(RewardWhistleblower{job, opener});
      }
    } else {
      st.emit(ReturnDisputeBond{job, opener});  // the dispute lapsed without a verdict
    }
  }

  st.emit(Refund{job, s.terms.submitter});
  Resolution resolution = Resolution::none;
  switch (result) {
    case QuorumDecision::accepted:
      resolution = !pays_executor ? Resolution::execution_failed
                   : has_verdict  ? Resolution::arbitrated_correct
                                  : Resolution::validated;
      break;
    case QuorumDecision::rejected:
      resolution = has_verdict ? Resolution::arbitrated_wrong : Resolution::rejected_by_validators;
      break;
    default:
      resolution = has_verdict ? Resolution::arbitrated_inconclusive : Resolution::inconclusive;
      break;
  }
  settle(st, pays_executor ? Outcome::completed : Outcome::failed, resolution);
}

/// Makes the decision final if the current votes decide it (early quorum).
void try_early_decision(Step& st) {
  JobState& s = st.s;
  if (s.decided) return;
  const auto d = validation::decide(s.vote_list(), s.terms.validators_k, s.terms.quorum);
  if (d == QuorumDecision::undecided) return;
  s.decision = d;
  s.decided = true;
  if (phase_in(s.phase, {Phase::receipted, Phase::validating})) s.phase = Phase::decided;
}

/// At the validation deadline the votes present decide; still undecided means inconclusive.
void final_decision(JobState& s) {
  if (s.decided) return;
  const auto d = validation::decide(s.vote_list(), s.terms.validators_k, s.terms.quorum);
  s.decision = d == QuorumDecision::undecided ? QuorumDecision::inconclusive : d;
  s.decided = true;
}

/// Bidding is closed (deadline or early close): expire without a usable bid, else ask the
/// caller to select among the still-valid bids.
void close_bidding(Step& st, UnixMs now) {
  JobState& s = st.s;
  s.bid_window_closed = true;
  RequestSelection request{s.terms.job_id, {}};
  for (const auto& [executor, bid] : s.bids) {
    if (bid_valid_at(bid, now)) request.bids.push_back(bid);
  }
  if (request.bids.empty()) {
    settle_with_refund(st, Outcome::expired, Resolution::no_bids);
  } else {
    st.emit(std::move(request));
  }
}

/// Applies every deadline due at `now`, possibly several in one call.
void apply_deadlines(Step& st, UnixMs now) {
  JobState& s = st.s;
  const JobTerms& t = s.terms;
  for (;;) {
    const Phase before = s.phase;
    switch (s.phase) {
      case Phase::none:
      case Phase::settled:
        return;
      case Phase::submitted:
        // The escrow was never confirmed: give up (Refund releases anything locked late).
        if (now >= t.bid_deadline)
          settle_with_refund(st, Outcome::failed, Resolution::escrow_failed);
        break;
      case Phase::bidding:
        if (now >= t.execution_deadline) {
          settle_with_refund(st, Outcome::expired, Resolution::not_assigned);
        } else if (now >= t.bid_deadline || s.bid_window_closed) {
          close_bidding(st, now);
        }
        break;
      case Phase::assigned:
      case Phase::executing:
        if (now >= t.execution_deadline) settle_no_show(st);
        break;
      case Phase::receipted:
      case Phase::validating:
        if (now >= t.validation_deadline) {
          final_decision(s);
          s.phase = Phase::decided;
        }
        break;
      case Phase::decided:
        if (now >= t.dispute_window_end) settle_on_result(st, s.decision, now);
        break;
      case Phase::disputed:
        if (now >= t.validation_deadline) final_decision(s);
        if (now >= t.arbitration_deadline) settle_on_result(st, s.decision, now);
        break;
    }
    if (s.phase == before) return;
  }
}

// ---- one handler per event ----
// Each handler owns `s` (step's by-value state): it returns it moved into the Transition,
// unchanged for a no-op or a rejection, or moved into a Step and changed there. After
// `Step st{std::move(s), {}}` only `st.s` is used.

Transition on_submit(JobState& s, const Submit& e, const Event& ev) {
  if (s.phase != Phase::none) {
    if (s.terms == e.terms) return no_op(s);
    std::string message = "job " + s.terms.job_id + " was already submitted with other terms";
    return reject_with(s, reject::duplicate, std::move(message));
  }
  if (e.terms.job_id.empty() || e.terms.submitter.empty()) return illegal(s, ev);
  Step st{std::move(s), {}};
  st.s.terms = e.terms;
  st.s.phase = Phase::submitted;
  const auto& t = st.s.terms;
  st.emit(
      LockEscrow{t.job_id, t.submitter, t.max_price, t.validator_fee_budget, t.dispute_reserve});
  return st.done();
}

Transition on_escrow_locked(JobState& s, const Event& ev) {
  if (s.phase == Phase::submitted) {
    Step st{std::move(s), {}};
    st.s.escrow_locked = true;
    st.s.phase = Phase::bidding;
    const auto& t = st.s.terms;
    st.emit(AnnounceJob{t.job_id, t.bid_deadline, t.execution_deadline});
    return st.done();
  }
  if (s.escrow_locked) return no_op(s);
  return illegal(s, ev);
}

Transition on_escrow_failed(JobState& s, const Event& ev) {
  if (s.phase == Phase::submitted) {
    Step st{std::move(s), {}};
    settle(st, Outcome::failed, Resolution::escrow_failed);
    return st.done();
  }
  if (s.phase == Phase::settled && !s.escrow_locked && s.resolution == Resolution::escrow_failed) {
    return no_op(s);
  }
  return illegal(s, ev);
}

Transition on_bid(JobState& s, const BidReceived& e, const Event& ev, UnixMs now) {
  if (s.phase == Phase::none || s.phase == Phase::submitted) return illegal(s, ev);
  const v1::Bid& bid = e.bid;
  if (bid.job_id() != s.terms.job_id) {
    return reject_with(s, reject::wrong_job, "bid names job " + bid.job_id());
  }
  if (s.phase != Phase::bidding) {
    std::string message = "bid arrived in phase '" + std::string(to_string(s.phase)) + "'";
    return reject_with(s, reject::too_late, std::move(message));
  }
  if (s.bid_window_closed || now >= s.terms.bid_deadline) {
    return reject_with(s, reject::too_late, "bid arrived after the bid window closed");
  }
  if (!bid_valid_at(bid, now)) {
    return reject_with(s, reject::too_late, "bid's valid_until has already passed");
  }
  if (bid.executor().empty() || bid.executor() == s.terms.submitter) {
    return reject_with(s, reject::bad_bid, "bid has no executor or is the submitter's own");
  }
  if (bid.price() > s.terms.max_price) {
    std::string message = "bid price " + std::to_string(bid.price()) + " exceeds max_price " +
                          std::to_string(s.terms.max_price);
    return reject_with(s, reject::over_budget, std::move(message));
  }
  Step st{std::move(s), {}};
  st.s.bids[bid.executor()] = bid;  // the latest valid bid of an executor replaces its earlier one
  return st.done();
}

Transition on_bid_window_closed(JobState& s, const Event& ev, UnixMs now) {
  if (s.phase == Phase::none || s.phase == Phase::submitted) return illegal(s, ev);
  if (s.phase != Phase::bidding || s.bid_window_closed) return no_op(s);
  Step st{std::move(s), {}};
  close_bidding(st, now);
  return st.done();
}

Transition on_assign(JobState& s, const Assign& e, const Event& ev, UnixMs now) {
  AssignmentInfo wanted{e.executor, e.price, e.validators, e.bid_digest};
  if (s.phase != Phase::bidding) {
    if (s.assignment && *s.assignment == wanted) return no_op(s);
    return illegal(s, ev);
  }
  if (now >= s.terms.execution_deadline) {
    return reject_with(s, reject::too_late, "assignment after the execution deadline");
  }
  auto it = s.bids.find(e.executor);
  if (it == s.bids.end()) {
    return reject_with(s, reject::no_such_bid, "no bid from " + e.executor);
  }
  if (!bid_valid_at(it->second, now)) {
    return reject_with(s, reject::bid_expired, "the bid of " + e.executor + " is no longer valid");
  }
  if (it->second.price() != e.price) {
    std::string message = "assigned price " + std::to_string(e.price) + " differs from the bid's " +
                          std::to_string(it->second.price());
    return reject_with(s, reject::price_mismatch, std::move(message));
  }
  if (e.validators.size() != s.terms.validators_k) {
    std::string message = "need exactly " + std::to_string(s.terms.validators_k) +
                          " validators, got " + std::to_string(e.validators.size());
    return reject_with(s, reject::bad_validators, std::move(message));
  }
  std::set<std::string> seen;
  for (const auto& v : e.validators) {
    if (v.empty() || v == e.executor || v == s.terms.submitter || !seen.insert(v).second) {
      return reject_with(s, reject::bad_validators,
                         "validator '" + v + "' is empty, repeated, the executor or the submitter");
    }
  }
  Step st{std::move(s), {}};
  st.s.assignment = std::move(wanted);
  st.s.bid_window_closed = true;
  st.s.phase = Phase::assigned;
  const auto& t = st.s.terms;
  st.emit(SendAssignment{t.job_id, e.executor, e.price, e.validators, t.execution_deadline});
  return st.done();
}

Transition on_execution_started(JobState& s, const ExecutionStarted& e, const Event& ev,
                                UnixMs now) {
  if (!s.assignment) return illegal(s, ev);
  if (e.executor != s.assignment->executor) {
    return reject_with(s, reject::not_assigned_executor, e.executor + " is not the executor");
  }
  if (s.phase != Phase::assigned) return no_op(s);
  if (now >= s.terms.execution_deadline) {
    return reject_with(s, reject::too_late, "execution started after the execution deadline");
  }
  Step st{std::move(s), {}};
  st.s.execution_started = true;
  st.s.phase = Phase::executing;
  return st.done();
}

/// Every receipt with a status is validated the same way; an upheld failed run settles as
/// execution_failed (settle_on_result). With k = 0 nothing validates: a successful run is
/// decided as accepted, a failed one settles at once as execution_failed with a refund.
Transition on_receipt(JobState& s, const ReceiptReceived& e, const Event& ev, UnixMs now) {
  if (!s.assignment) return illegal(s, ev);
  const auto& r = e.receipt;
  if (e.from != s.assignment->executor || r.executor() != e.from) {
    std::string message = "receipt from " + e.from + " (executor field '" + r.executor() +
                          "'), assigned executor is " + s.assignment->executor;
    return reject_with(s, reject::not_assigned_executor, std::move(message));
  }
  if (r.job_id() != s.terms.job_id) {
    return reject_with(s, reject::wrong_job, "receipt names job " + r.job_id());
  }
  ReceiptInfo info = receipt_info(r);
  if (s.receipt) {
    if (s.receipt->same_result(info)) return no_op(s);
    return equivocation(s, e.from, "second different receipt",
                        "executor " + e.from + " sent a second, different receipt");
  }
  if (s.phase == Phase::settled) {
    return reject_with(s, reject::too_late, "receipt for a job already settled");
  }
  if (now >= s.terms.execution_deadline) {
    return reject_with(s, reject::too_late, "receipt after the execution deadline");
  }
  if (r.status() == v1::EXEC_STATUS_UNSPECIFIED) {
    return reject_with(s, reject::bad_receipt, "receipt status is unspecified");
  }
  Step st{std::move(s), {}};
  st.s.receipt = std::move(info);
  const JobTerms& t = st.s.terms;
  if (t.validators_k == 0) {
    if (receipt_pays_executor(*st.s.receipt)) {
      st.s.decision = QuorumDecision::accepted;  // nothing to validate: the receipt stands
      st.s.decided = true;
      st.s.phase = Phase::decided;
    } else {
      settle_with_refund(st, Outcome::failed, Resolution::execution_failed);
    }
  } else {
    st.s.phase = Phase::receipted;
    st.emit(RequestValidation{t.job_id, st.s.assignment->validators, st.s.receipt->output_hash,
                              t.validation_deadline});
  }
  return st.done();
}

Transition on_vote_committed(JobState& s, const VoteCommitted& e, const Event& ev, UnixMs now) {
  if (!s.receipt) return illegal(s, ev);
  if (!is_validator(s, e.validator)) {
    return reject_with(s, reject::not_assigned_validator, e.validator + " is not a validator");
  }
  if (s.committed.count(e.validator) != 0) return no_op(s);
  if (!after_receipt(s.phase) || now >= s.terms.validation_deadline) {
    return reject_with(s, reject::too_late, "commit after the validation deadline");
  }
  Step st{std::move(s), {}};
  st.s.committed.insert(e.validator);
  if (st.s.phase == Phase::receipted) st.s.phase = Phase::validating;
  return st.done();
}

Transition on_vote(JobState& s, const VoteReceived& e, const Event& ev, UnixMs now) {
  if (!s.receipt) return illegal(s, ev);
  if (!is_validator(s, e.validator)) {
    return reject_with(s, reject::not_assigned_validator, e.validator + " is not a validator");
  }
  auto existing = s.votes.find(e.validator);
  if (existing != s.votes.end()) {
    if (existing->second.vote == e.vote && existing->second.output_hash == e.output_hash) {
      return no_op(s);
    }
    return equivocation(s, e.validator, "second different vote",
                        "validator " + e.validator + " revealed a second, different vote");
  }
  if (!after_receipt(s.phase) || now >= s.terms.validation_deadline) {
    return reject_with(s, reject::too_late, "vote after the validation deadline");
  }
  if (e.vote != v1::VOTE_ACCEPT && e.vote != v1::VOTE_REJECT) {
    return reject_with(s, reject::bad_vote, "vote is neither accept nor reject");
  }
  if (e.vote == v1::VOTE_ACCEPT && e.output_hash != s.receipt->output_hash) {
    std::string message = "accept vote with output " + e.output_hash + " but the receipt says " +
                          s.receipt->output_hash;
    return reject_with(s, reject::inconsistent_vote, std::move(message));
  }
  Step st{std::move(s), {}};
  st.s.votes[e.validator] = validation::VoteRecord{e.validator, e.vote, e.output_hash};
  st.s.vote_order.push_back(e.validator);
  if (st.s.phase == Phase::receipted) st.s.phase = Phase::validating;
  try_early_decision(st);
  return st.done();
}

Transition on_dispute(JobState& s, const DisputeOpened& e, const Event& ev, UnixMs now) {
  if (s.dispute) {
    const auto& d = *s.dispute;
    if (d.opener == e.opener && d.reason == e.reason &&
        d.claimed_output_hash == e.claimed_output_hash) {
      return no_op(s);
    }
    if (s.phase == Phase::disputed) {
      std::string message = "a dispute by " + d.opener + " is open";
      return reject_with(s, reject::already_disputed, std::move(message));
    }
  }
  if (s.phase == Phase::settled && s.receipt) {
    return reject_with(s, reject::too_late, "dispute after the job settled");
  }
  if (!phase_in(s.phase, {Phase::receipted, Phase::validating, Phase::decided})) {
    return illegal(s, ev);
  }
  const bool party = e.opener == s.terms.submitter || e.opener == s.assignment->executor ||
                     is_validator(s, e.opener);
  if (!party) return reject_with(s, reject::not_a_party, e.opener + " is not a party of the job");
  if (now >= s.terms.dispute_window_end) {
    return reject_with(s, reject::too_late, "dispute after the dispute window ended");
  }
  Step st{std::move(s), {}};
  const bool claims_wrong = e.opener != st.s.assignment->executor;
  st.s.dispute = DisputeInfo{e.opener, e.reason, e.claimed_output_hash, now, claims_wrong};
  st.s.phase = Phase::disputed;
  return st.done();
}

Transition on_verdict(JobState& s, const VerdictIssued& e, const Event& ev, UnixMs now) {
  VerdictInfo info{e.arbiter, e.outcome, e.correct_output_hash, e.faulty};
  if (s.verdict) {
    if (*s.verdict == info) return no_op(s);
    return illegal(s, ev);
  }
  if (s.phase != Phase::disputed) return illegal(s, ev);
  if (e.arbiter.empty() ||
      (e.outcome != v1::OUTCOME_RESULT_CORRECT && e.outcome != v1::OUTCOME_RESULT_WRONG &&
       e.outcome != v1::OUTCOME_INCONCLUSIVE)) {
    return reject_with(s, reject::bad_verdict, "verdict has no arbiter or no outcome");
  }
  const bool executor_faulty = s.assignment && std::find(e.faulty.begin(), e.faulty.end(),
                                                         s.assignment->executor) != e.faulty.end();
  if (e.outcome == v1::OUTCOME_RESULT_CORRECT && executor_faulty) {
    return reject_with(s, reject::bad_verdict,
                       "verdict upholds the receipt but finds the executor at fault");
  }
  if (now >= s.terms.arbitration_deadline) {
    return reject_with(s, reject::too_late, "verdict after the arbitration deadline");
  }
  Step st{std::move(s), {}};
  st.s.verdict = std::move(info);
  const QuorumDecision result = e.outcome == v1::OUTCOME_RESULT_CORRECT ? QuorumDecision::accepted
                                : e.outcome == v1::OUTCOME_RESULT_WRONG
                                    ? QuorumDecision::rejected
                                    : QuorumDecision::inconclusive;
  settle_on_result(st, result, now);
  return st.done();
}

Transition on_cancel(JobState& s, const Cancel& e, const Event& ev) {
  if (s.phase == Phase::none) return illegal(s, ev);
  if (e.by != s.terms.submitter) {
    return reject_with(s, reject::not_submitter, e.by + " is not the submitter");
  }
  if (s.phase == Phase::settled && s.resolution == Resolution::cancelled) return no_op(s);
  if (s.phase != Phase::submitted && s.phase != Phase::bidding) {
    std::string message = "cannot cancel in phase '" + std::string(to_string(s.phase)) + "'";
    return reject_with(s, reject::too_late, std::move(message));
  }
  Step st{std::move(s), {}};
  settle_with_refund(st, Outcome::cancelled, Resolution::cancelled);
  return st.done();
}

Transition on_tick(JobState& s, UnixMs now) {
  if (s.phase == Phase::none || s.phase == Phase::settled) return no_op(s);
  Step st{std::move(s), {}};
  apply_deadlines(st, now);
  return st.done();
}

}  // namespace

Transition step(JobState state, const Event& event, UnixMs now) {
  JobState& s = state;
  const Event& ev = event;
  return std::visit(
      Overloaded{
          [&](const Submit& e) { return on_submit(s, e, ev); },
          [&](const EscrowLocked&) { return on_escrow_locked(s, ev); },
          [&](const EscrowFailed&) { return on_escrow_failed(s, ev); },
          [&](const BidReceived& e) { return on_bid(s, e, ev, now); },
          [&](const BidWindowClosed&) { return on_bid_window_closed(s, ev, now); },
          [&](const Assign& e) { return on_assign(s, e, ev, now); },
          [&](const ExecutionStarted& e) { return on_execution_started(s, e, ev, now); },
          [&](const ReceiptReceived& e) { return on_receipt(s, e, ev, now); },
          [&](const VoteCommitted& e) { return on_vote_committed(s, e, ev, now); },
          [&](const VoteReceived& e) { return on_vote(s, e, ev, now); },
          [&](const DisputeOpened& e) { return on_dispute(s, e, ev, now); },
          [&](const VerdictIssued& e) { return on_verdict(s, e, ev, now); },
          [&](const Cancel& e) { return on_cancel(s, e, ev); },
          [&](const Tick&) { return on_tick(s, now); },
      },
      event);
}

std::optional<UnixMs> next_deadline(const JobState& s) {
  const JobTerms& t = s.terms;
  switch (s.phase) {
    case Phase::none:
    case Phase::settled:
      return std::nullopt;
    case Phase::submitted:
      return t.bid_deadline;
    case Phase::bidding: {
      if (!s.bid_window_closed) return t.bid_deadline;
      // Closed: expires when the last bid stops being valid, or at the execution deadline.
      UnixMs last_valid = 0;
      for (const auto& [executor, bid] : s.bids) {
        if (bid.valid_until_unix_ms() == 0) return t.execution_deadline;
        last_valid = std::max<UnixMs>(last_valid, bid.valid_until_unix_ms());
      }
      return std::min(last_valid, t.execution_deadline);
    }
    case Phase::assigned:
    case Phase::executing:
      return t.execution_deadline;
    case Phase::receipted:
    case Phase::validating:
      return t.validation_deadline;
    case Phase::decided:
      return t.dispute_window_end;
    case Phase::disputed:
      return s.decided ? t.arbitration_deadline : t.validation_deadline;
  }
  return std::nullopt;
}

}  // namespace icn::lifecycle
