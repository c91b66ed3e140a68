// Every legal transition of the job machine and every guard (docs/lifecycle.md).
#include <doctest/doctest.h>

#include "lifecycle_fixture.hpp"

using namespace lifecycle_test;  // NOLINT: test helpers

// ---------------------------------------------------------------- terms

TEST_CASE("terms_from_spec turns windows into absolute deadlines") {
  const auto t = make_terms();
  CHECK(t.job_id == kJob);
  CHECK(t.submitter == kSubmitter);
  CHECK(t.bid_deadline == 1100);
  CHECK(t.execution_deadline == 2000);
  CHECK(t.validation_deadline == 3000);
  CHECK(t.dispute_window_end == 3500);
  CHECK(t.arbitration_deadline == 4500);
  CHECK(lc::final_deadline(t) == 4500);
  CHECK(t.validators_k == 3);
  CHECK(t.quorum == 2);
  CHECK(t.max_price == 100);

  lc::LifecycleParams params;
  params.validation_window_ms = 200;
  params.arbitration_window_ms = 50;
  const auto p = lc::terms_from_spec(make_spec(), kJob, 1000, params);
  REQUIRE(p.has_value());
  CHECK(p->validation_deadline == 2200);
  CHECK(p->arbitration_deadline == 2750);
}

TEST_CASE("terms_from_spec rejects unusable specs with bad_spec") {
  auto check_bad = [](v1::JobSpec spec, const std::string& job = kJob) {
    const auto t = lc::terms_from_spec(spec, job, 1000);
    REQUIRE_FALSE(t.has_value());
    CHECK(t.error().code == "bad_spec");
  };
  check_bad(make_spec(), "");
  auto s = make_spec();
  s.clear_submitter();
  check_bad(s);
  s = make_spec();
  s.mutable_deadlines()->set_execution_deadline_ms(0);
  check_bad(s);
  s = make_spec();
  s.mutable_deadlines()->set_bid_window_ms(1000);  // not shorter than execution deadline
  check_bad(s);
  s = make_spec();
  s.mutable_deadlines()->set_bid_window_ms(0);
  check_bad(s);
  check_bad(make_spec(3, 4));  // quorum > k
  s = make_spec();
  s.mutable_deadlines()->set_execution_deadline_ms(~0ULL - 10);
  s.mutable_deadlines()->set_bid_window_ms(5);
  check_bad(s);  // overflow
}

// ---------------------------------------------------------------- submit / escrow

TEST_CASE("none -> submitted on Submit, emits LockEscrow") {
  Driver d;
  auto t = d.ok(lc::Submit{make_terms()}, 1000);
  CHECK(d.state.phase == lc::Phase::submitted);
  REQUIRE(t.effects.size() == 1);
  const auto* lock = find_effect<lc::LockEscrow>(t.effects);
  REQUIRE(lock != nullptr);
  CHECK(lock->submitter == kSubmitter);
  CHECK(lock->max_price == 100);
  CHECK(lock->validator_fee_budget == 30);
  CHECK(lock->dispute_reserve == 20);
}

TEST_CASE("Submit replay is a no-op; Submit with other terms is rejected as duplicate") {
  Driver d;
  d.submitted();
  d.no_op(lc::Submit{make_terms()}, 1005);
  auto other = make_terms();
  other.max_price = 7;
  d.rejected(lc::Submit{other}, 1005, "duplicate");
}

TEST_CASE("Submit with empty job id or submitter is rejected") {
  Driver d;
  auto t = make_terms();
  t.job_id.clear();
  d.rejected(lc::Submit{t}, 1000, "illegal_transition");
}

TEST_CASE("submitted -> bidding on EscrowLocked, emits AnnounceJob; replay is a no-op") {
  Driver d;
  d.submitted();
  auto t = d.ok(lc::EscrowLocked{}, 1001);
  CHECK(d.state.phase == lc::Phase::bidding);
  CHECK(d.state.escrow_locked);
  const auto* a = find_effect<lc::AnnounceJob>(t.effects);
  REQUIRE(a != nullptr);
  CHECK(a->bid_deadline == 1100);
  CHECK(a->execution_deadline == 2000);
  d.no_op(lc::EscrowLocked{}, 1002);
}

TEST_CASE("submitted -> settled(failed, escrow_failed) on EscrowFailed, no refund") {
  Driver d;
  d.submitted();
  auto t = d.ok(lc::EscrowFailed{"insufficient funds"}, 1001);
  CHECK(d.state.phase == lc::Phase::settled);
  CHECK(d.state.outcome == lc::Outcome::failed);
  CHECK(d.state.resolution == lc::Resolution::escrow_failed);
  CHECK(count_of<lc::Refund>(t.effects) == 0);
  CHECK(count_of<lc::NotifyParties>(t.effects) == 1);
  d.no_op(lc::EscrowFailed{"again"}, 1002);
  d.rejected(lc::EscrowLocked{}, 1003, "illegal_transition");
}

TEST_CASE("EscrowFailed after the escrow was locked is illegal") {
  Driver d;
  d.bidding();
  d.rejected(lc::EscrowFailed{"late"}, 1002, "illegal_transition");
}

TEST_CASE("submitted -> settled(cancelled) on Cancel by the submitter, with refund") {
  Driver d;
  d.submitted();
  auto t = d.ok(lc::Cancel{kSubmitter}, 1001);
  CHECK(d.state.outcome == lc::Outcome::cancelled);
  CHECK(count_of<lc::Refund>(t.effects) == 1);
}

TEST_CASE("submitted -> settled(failed) on Tick at the bid deadline when escrow never locked") {
  Driver d;
  d.submitted();
  d.no_op(lc::Tick{}, 1099);
  auto t = d.ok(lc::Tick{}, 1100);
  CHECK(d.state.phase == lc::Phase::settled);
  CHECK(d.state.resolution == lc::Resolution::escrow_failed);
  CHECK(count_of<lc::Refund>(t.effects) == 1);  // releases an escrow locked too late
}

TEST_CASE("events before Submit are illegal, Tick is a no-op") {
  Driver d;
  d.rejected(lc::EscrowLocked{}, 1, "illegal_transition");
  d.rejected(lc::BidReceived{make_bid(kExecutor, 1)}, 1, "illegal_transition");
  d.rejected(lc::Cancel{kSubmitter}, 1, "illegal_transition");
  d.rejected(lc::ReceiptReceived{kExecutor, make_receipt()}, 1, "illegal_transition");
  d.no_op(lc::Tick{}, 1);
}

// ---------------------------------------------------------------- bidding

TEST_CASE("bidding: BidReceived keeps the latest bid per executor") {
  Driver d;
  d.bidding();
  d.ok(lc::BidReceived{make_bid(kExecutor, 80)}, 1010);
  d.ok(lc::BidReceived{make_bid(kExecutor, 70)}, 1020);
  d.ok(lc::BidReceived{make_bid(kOther, 90)}, 1030);
  CHECK(d.state.bids.size() == 2);
  CHECK(d.state.bids.at(kExecutor).price() == 70);
  CHECK(d.state.phase == lc::Phase::bidding);
  d.ok(lc::BidReceived{make_bid(kExecutor, 70)}, 1031);  // replay: same state
  CHECK(d.state.bids.at(kExecutor).price() == 70);
}

TEST_CASE("bid guards: too_late, expired, over_budget, wrong_job, bad_bid, before escrow") {
  Driver early;
  early.submitted();
  early.rejected(lc::BidReceived{make_bid(kExecutor, 80)}, 1001, "illegal_transition");

  Driver d;
  d.bidding();
  d.rejected(lc::BidReceived{make_bid(kExecutor, 80)}, 1100, "too_late");
  d.rejected(lc::BidReceived{make_bid(kExecutor, 80, 1010)}, 1010, "too_late");
  d.rejected(lc::BidReceived{make_bid(kExecutor, 101)}, 1010, "over_budget");
  d.rejected(lc::BidReceived{make_bid(kExecutor, 80, 0, "sha256:other")}, 1010, "wrong_job");
  d.rejected(lc::BidReceived{make_bid("", 80)}, 1010, "bad_bid");
  d.rejected(lc::BidReceived{make_bid(kSubmitter, 80)}, 1010, "bad_bid");
  d.ok(lc::BidWindowClosed{}, 1050);  // closes early: later bids are late
}

TEST_CASE("bidding -> settled(expired, no_bids) on Tick at the bid deadline without bids") {
  Driver d;
  d.bidding();
  auto t = d.ok(lc::Tick{}, 1100);
  CHECK(d.state.phase == lc::Phase::settled);
  CHECK(d.state.outcome == lc::Outcome::expired);
  CHECK(d.state.resolution == lc::Resolution::no_bids);
  CHECK(count_of<lc::Refund>(t.effects) == 1);
  CHECK(count_of<lc::NotifyParties>(t.effects) == 1);
}

TEST_CASE("bidding: Tick at the bid deadline with bids emits RequestSelection once") {
  Driver d;
  d.bidding().with_bids();
  d.ok(lc::BidReceived{make_bid("did:key:stale", 50, 1050)}, 1040);
  auto t = d.ok(lc::Tick{}, 1100);
  CHECK(d.state.phase == lc::Phase::bidding);
  CHECK(d.state.bid_window_closed);
  const auto* r = find_effect<lc::RequestSelection>(t.effects);
  REQUIRE(r != nullptr);
  REQUIRE(r->bids.size() == 2);  // the stale bid is left out
  CHECK(r->bids[0].executor() == kExecutor);
  CHECK(r->bids[1].executor() == kOther);
  d.no_op(lc::Tick{}, 1200);
  d.rejected(lc::BidReceived{make_bid(kExecutor, 60)}, 1200, "too_late");
}

TEST_CASE("bidding: BidWindowClosed closes early and requests selection; replay no-op") {
  Driver d;
  d.bidding().with_bids();
  auto t = d.ok(lc::BidWindowClosed{}, 1030);
  CHECK(count_of<lc::RequestSelection>(t.effects) == 1);
  d.no_op(lc::BidWindowClosed{}, 1031);
}

TEST_CASE("bidding -> settled(expired, no_bids) when every bid has expired after closing") {
  Driver d;
  d.bidding();
  d.ok(lc::BidReceived{make_bid(kExecutor, 80, 1300)}, 1010);
  d.ok(lc::Tick{}, 1100);
  CHECK(d.state.phase == lc::Phase::bidding);
  d.ok(lc::Tick{}, 1300);
  CHECK(d.state.outcome == lc::Outcome::expired);
  CHECK(d.state.resolution == lc::Resolution::no_bids);
}

TEST_CASE("bidding -> settled(expired, not_assigned) at the execution deadline") {
  Driver d;
  d.bidding().with_bids();
  d.ok(lc::Tick{}, 1100);
  auto t = d.ok(lc::Tick{}, 2000);
  CHECK(d.state.outcome == lc::Outcome::expired);
  CHECK(d.state.resolution == lc::Resolution::not_assigned);
  CHECK(count_of<lc::Refund>(t.effects) == 1);
}

TEST_CASE("bidding -> settled(cancelled) on Cancel; only the submitter may cancel") {
  Driver d;
  d.bidding().with_bids();
  d.rejected(lc::Cancel{kExecutor}, 1050, "not_submitter");
  auto t = d.ok(lc::Cancel{kSubmitter}, 1050);
  CHECK(d.state.outcome == lc::Outcome::cancelled);
  CHECK(d.state.resolution == lc::Resolution::cancelled);
  CHECK(count_of<lc::Refund>(t.effects) == 1);
  d.no_op(lc::Cancel{kSubmitter}, 1051);
}

// ---------------------------------------------------------------- assignment

TEST_CASE("bidding -> assigned on Assign, emits SendAssignment; replay no-op") {
  Driver d;
  d.bidding().with_bids();
  auto t = d.ok(lc::Assign{kExecutor, 80, kValidators}, 1090);  // before the deadline is fine
  CHECK(d.state.phase == lc::Phase::assigned);
  REQUIRE(d.state.assignment.has_value());
  CHECK(d.state.assignment->executor == kExecutor);
  const auto* a = find_effect<lc::SendAssignment>(t.effects);
  REQUIRE(a != nullptr);
  CHECK(a->price == 80);
  CHECK(a->validators == kValidators);
  CHECK(a->execution_deadline == 2000);
  d.no_op(lc::Assign{kExecutor, 80, kValidators}, 1091);
  d.rejected(lc::Assign{kOther, 90, kValidators}, 1092, "illegal_transition");
  d.rejected(lc::BidReceived{make_bid(kOther, 60)}, 1093, "too_late");
}

TEST_CASE("the assignment records which signed bid was accepted") {
  Driver d;
  d.bidding().with_bids();
  d.ok(lc::Assign{kExecutor, 80, kValidators, "sha256:bid-envelope"}, 1090);
  CHECK(d.state.assignment->bid_digest == "sha256:bid-envelope");
  d.no_op(lc::Assign{kExecutor, 80, kValidators, "sha256:bid-envelope"}, 1091);
  d.rejected(lc::Assign{kExecutor, 80, kValidators, "sha256:other-envelope"}, 1092,
             "illegal_transition");
}

TEST_CASE("step takes the state by value: a moved-in state gives the same transition") {
  Driver d;
  d.receipted();
  lc::JobState copy = d.state;
  auto by_copy = lc::step(d.state, lc::Tick{}, 3000);
  auto by_move = lc::step(std::move(copy), lc::Tick{}, 3000);
  CHECK(by_copy.state == by_move.state);
  CHECK(by_copy.effects.size() == by_move.effects.size());
  CHECK(by_copy.state != d.state);  // the caller's state is untouched when copied in
}

TEST_CASE("assign guards: no bid, stale bid, price, validators, deadline") {
  Driver d;
  d.bidding().with_bids();
  d.ok(lc::BidReceived{make_bid("did:key:stale", 50, 1050)}, 1040);
  d.rejected(lc::Assign{"did:key:nobody", 80, kValidators}, 1100, "no_such_bid");
  d.rejected(lc::Assign{"did:key:stale", 50, kValidators}, 1100, "bid_expired");
  d.rejected(lc::Assign{kExecutor, 79, kValidators}, 1100, "price_mismatch");
  d.rejected(lc::Assign{kExecutor, 80, {"did:key:v1", "did:key:v2"}}, 1100, "bad_validators");
  d.rejected(lc::Assign{kExecutor, 80, {"did:key:v1", "did:key:v1", "did:key:v2"}}, 1100,
             "bad_validators");
  d.rejected(lc::Assign{kExecutor, 80, {"did:key:v1", kExecutor, "did:key:v2"}}, 1100,
             "bad_validators");
  d.rejected(lc::Assign{kExecutor, 80, {"did:key:v1", kSubmitter, "did:key:v2"}}, 1100,
             "bad_validators");
  d.rejected(lc::Assign{kExecutor, 80, kValidators}, 2000, "too_late");
  Driver before;
  before.submitted();
  before.rejected(lc::Assign{kExecutor, 80, kValidators}, 1001, "illegal_transition");
}

TEST_CASE("cancel after assignment is too_late") {
  Driver d;
  d.assigned();
  d.rejected(lc::Cancel{kSubmitter}, 1150, "too_late");
}

// ---------------------------------------------------------------- execution

TEST_CASE("assigned -> executing on ExecutionStarted by the assigned executor") {
  Driver d;
  d.assigned();
  d.rejected(lc::ExecutionStarted{kOther}, 1150, "not_assigned_executor");
  d.ok(lc::ExecutionStarted{kExecutor}, 1150);
  CHECK(d.state.phase == lc::Phase::executing);
  CHECK(d.state.execution_started);
  d.no_op(lc::ExecutionStarted{kExecutor}, 1160);
}

TEST_CASE("ExecutionStarted after the execution deadline is too_late") {
  Driver d;
  d.assigned();
  d.rejected(lc::ExecutionStarted{kExecutor}, 2000, "too_late");
}

TEST_CASE("executing -> settled(failed, no_show) at the execution deadline: slash + refund") {
  Driver d;
  d.assigned();
  d.ok(lc::ExecutionStarted{kExecutor}, 1150);
  d.no_op(lc::Tick{}, 1999);
  auto t = d.ok(lc::Tick{}, 2000);
  CHECK(d.state.outcome == lc::Outcome::failed);
  CHECK(d.state.resolution == lc::Resolution::no_show);
  const auto* slash = find_effect<lc::SlashExecutor>(t.effects);
  REQUIRE(slash != nullptr);
  CHECK(slash->fault == lc::ExecutorFault::no_show);
  CHECK(slash->executor == kExecutor);
  CHECK(slash->price == 80);
  CHECK(count_of<lc::Refund>(t.effects) == 1);
  CHECK(count_of<lc::PayExecutor>(t.effects) == 0);
  d.rejected(lc::ReceiptReceived{kExecutor, make_receipt()}, 2001, "too_late");
}

TEST_CASE("assigned -> settled(failed, no_show) at the execution deadline without a start") {
  Driver d;
  d.assigned();
  d.ok(lc::Tick{}, 2500);
  CHECK(d.state.resolution == lc::Resolution::no_show);
}

TEST_CASE("executing -> receipted on ReceiptReceived, emits RequestValidation") {
  Driver d;
  d.assigned();
  d.ok(lc::ExecutionStarted{kExecutor}, 1150);
  auto t = d.ok(lc::ReceiptReceived{kExecutor, make_receipt()}, 1500);
  CHECK(d.state.phase == lc::Phase::receipted);
  const auto* r = find_effect<lc::RequestValidation>(t.effects);
  REQUIRE(r != nullptr);
  CHECK(r->validators == kValidators);
  CHECK(r->output_hash == kGood);
  CHECK(r->validation_deadline == 3000);
  d.no_op(lc::ReceiptReceived{kExecutor, make_receipt()}, 1600);
}

TEST_CASE("assigned -> receipted on ReceiptReceived without ExecutionStarted") {
  Driver d;
  d.assigned();
  d.ok(lc::ReceiptReceived{kExecutor, make_receipt()}, 1500);
  CHECK(d.state.phase == lc::Phase::receipted);
}

TEST_CASE("receipt guards: not_assigned_executor, wrong_job, too_late, bad_receipt") {
  Driver d;
  d.assigned();
  d.rejected(lc::ReceiptReceived{kOther, make_receipt(kOther)}, 1500, "not_assigned_executor");
  d.rejected(lc::ReceiptReceived{kOther, make_receipt(kExecutor)}, 1500, "not_assigned_executor");
  d.rejected(lc::ReceiptReceived{kExecutor, make_receipt(kOther)}, 1500, "not_assigned_executor");
  auto wrong = make_receipt();
  wrong.set_job_id("sha256:other");
  d.rejected(lc::ReceiptReceived{kExecutor, wrong}, 1500, "wrong_job");
  d.rejected(lc::ReceiptReceived{kExecutor, make_receipt()}, 2000, "too_late");
  d.rejected(
      lc::ReceiptReceived{kExecutor, make_receipt(kExecutor, kGood, v1::EXEC_STATUS_UNSPECIFIED)},
      1500, "bad_receipt");
  Driver early;
  early.bidding();
  early.rejected(lc::ReceiptReceived{kExecutor, make_receipt()}, 1050, "illegal_transition");
}

TEST_CASE("a second, different receipt is rejected as equivocation and reported once") {
  Driver d;
  d.receipted();
  auto t = d.apply(lc::ReceiptReceived{kExecutor, make_receipt(kExecutor, kBad)}, 1600);
  REQUIRE_FALSE(t.accepted());
  CHECK(t.rejection->code == "equivocation");
  REQUIRE(count_of<lc::ReportEquivocation>(t.effects) == 1);
  CHECK(find_effect<lc::ReportEquivocation>(t.effects)->offender == kExecutor);
  CHECK(d.state.receipt->output_hash == kGood);  // the first receipt counts
  auto again = d.apply(lc::ReceiptReceived{kExecutor, make_receipt(kExecutor, kBad)}, 1700);
  CHECK_FALSE(again.accepted());
  CHECK(again.effects.empty());
}

TEST_CASE("receipt_pays_executor: an upheld receipt pays only for a successful run") {
  lc::ReceiptInfo r;
  r.status = v1::EXEC_OK;
  CHECK(lc::receipt_pays_executor(r));
  for (auto status : {v1::EXEC_TRAP, v1::EXEC_LIMIT_EXCEEDED, v1::EXEC_TIMEOUT, v1::EXEC_ERROR,
                      v1::EXEC_STATUS_UNSPECIFIED}) {
    r.status = status;
    CHECK_FALSE(lc::receipt_pays_executor(r));
  }
}

TEST_CASE("the receipt's evidence is recorded; a replay differing only in evidence is a no-op") {
  Driver d;
  d.assigned();
  auto r = make_receipt();
  r.set_code_hash("sha256:code");
  r.set_input_hash("sha256:input");
  r.set_output("out");
  d.ok(lc::ReceiptReceived{kExecutor, r}, 1500);
  REQUIRE(d.state.receipt.has_value());
  CHECK(d.state.receipt->executor == kExecutor);
  CHECK(d.state.receipt->code_hash == "sha256:code");
  CHECK(d.state.receipt->input_hash == "sha256:input");
  CHECK(d.state.receipt->output == "out");
  CHECK(d.state.receipt->output_hash == kGood);
  // Equivocation is about the claim (output hash and status), not the other fields.
  r.set_detail("retransmitted");
  d.no_op(lc::ReceiptReceived{kExecutor, r}, 1600);
}

TEST_CASE("every failed status is validated: EXEC_ERROR goes to receipted like any receipt") {
  for (auto status : {v1::EXEC_TRAP, v1::EXEC_LIMIT_EXCEEDED, v1::EXEC_TIMEOUT, v1::EXEC_ERROR}) {
    INFO("status " << status);
    Driver d;
    d.assigned();
    auto t = d.ok(lc::ReceiptReceived{kExecutor, failed_receipt(status)}, 1500);
    CHECK(d.state.phase == lc::Phase::receipted);
    CHECK(count_of<lc::RequestValidation>(t.effects) == 1);
    CHECK(count_of<lc::Refund>(t.effects) == 0);
  }
}

TEST_CASE("a failed run upheld by validators settles as execution_failed: no pay, no slash") {
  for (auto status : {v1::EXEC_TRAP, v1::EXEC_LIMIT_EXCEEDED, v1::EXEC_TIMEOUT, v1::EXEC_ERROR}) {
    INFO("status " << status);
    Driver d;
    d.assigned();
    d.ok(lc::ReceiptReceived{kExecutor, failed_receipt(status)}, 1500);
    d.ok(lc::VoteReceived{kValidators[0], v1::VOTE_ACCEPT, kBad}, 2100);
    d.ok(lc::VoteReceived{kValidators[1], v1::VOTE_REJECT, kGood}, 2100);
    d.ok(lc::VoteReceived{kValidators[2], v1::VOTE_ACCEPT, kBad}, 2100);
    CHECK(d.state.decision == icn::validation::QuorumDecision::accepted);
    auto t = d.ok(lc::Tick{}, 3500);
    CHECK(d.state.outcome == lc::Outcome::failed);
    CHECK(d.state.resolution == lc::Resolution::execution_failed);
    CHECK(count_of<lc::PayExecutor>(t.effects) == 0);
    CHECK(count_of<lc::SlashExecutor>(t.effects) == 0);
    REQUIRE(find_effect<lc::PayValidators>(t.effects) != nullptr);
    CHECK(find_effect<lc::PayValidators>(t.effects)->validators ==
          std::vector<std::string>{kValidators[0], kValidators[2]});
    REQUIRE(find_effect<lc::SlashValidators>(t.effects) != nullptr);
    CHECK(find_effect<lc::SlashValidators>(t.effects)->validators ==
          std::vector<std::string>{kValidators[1]});
    CHECK(count_of<lc::Refund>(t.effects) == 1);
    CHECK(find_effect<lc::NotifyParties>(t.effects)->resolution ==
          lc::Resolution::execution_failed);
  }
}

TEST_CASE("a failed run rejected by validators is a wrong result: the executor is slashed") {
  Driver d;
  d.assigned();
  d.ok(lc::ReceiptReceived{kExecutor, failed_receipt(v1::EXEC_TRAP)}, 1500);
  d.vote(kValidators[0], v1::VOTE_REJECT).vote(kValidators[1], v1::VOTE_REJECT);
  auto t = d.ok(lc::Tick{}, 3500);
  CHECK(d.state.resolution == lc::Resolution::rejected_by_validators);
  REQUIRE(find_effect<lc::SlashExecutor>(t.effects) != nullptr);
  CHECK(find_effect<lc::SlashExecutor>(t.effects)->fault == lc::ExecutorFault::wrong_result);
}

TEST_CASE("k = 0: a failed run settles at once as execution_failed with a refund") {
  Driver d;
  d.assigned(0, 0);
  auto t = d.ok(lc::ReceiptReceived{kExecutor, failed_receipt(v1::EXEC_TIMEOUT)}, 1500);
  CHECK(d.state.phase == lc::Phase::settled);
  CHECK(d.state.outcome == lc::Outcome::failed);
  CHECK(d.state.resolution == lc::Resolution::execution_failed);
  CHECK(count_of<lc::Refund>(t.effects) == 1);
  CHECK(count_of<lc::PayExecutor>(t.effects) == 0);
  CHECK(count_of<lc::SlashExecutor>(t.effects) == 0);
  CHECK(count_of<lc::PayValidators>(t.effects) == 0);
  CHECK(count_of<lc::RequestValidation>(t.effects) == 0);
}

TEST_CASE("a RESULT_CORRECT verdict on a failed receipt settles as execution_failed") {
  Driver d;
  d.assigned();
  d.ok(lc::ReceiptReceived{kExecutor, failed_receipt(v1::EXEC_LIMIT_EXCEEDED)}, 1500);
  d.vote(kValidators[0], v1::VOTE_REJECT).vote(kValidators[1], v1::VOTE_REJECT);
  d.ok(lc::DisputeOpened{kExecutor, v1::DISPUTE_WRONG_RESULT, kBad}, 2500);
  auto t = d.ok(
      lc::VerdictIssued{
          kArbiter, v1::OUTCOME_RESULT_CORRECT, kBad, {kValidators[0], kValidators[1]}},
      2600);
  CHECK(d.state.outcome == lc::Outcome::failed);
  CHECK(d.state.resolution == lc::Resolution::execution_failed);
  CHECK(count_of<lc::PayExecutor>(t.effects) == 0);
  CHECK(count_of<lc::SlashExecutor>(t.effects) == 0);
  CHECK(count_of<lc::PayArbiter>(t.effects) == 1);
  CHECK(find_effect<lc::RewardWhistleblower>(t.effects)->whistleblower == kExecutor);
  CHECK(find_effect<lc::SlashValidators>(t.effects)->validators.size() == 2);
  REQUIRE(d.state.verdict.has_value());
  CHECK(d.state.verdict->correct_output_hash == kBad);
  CHECK(d.state.verdict->faulty == std::vector<std::string>{kValidators[0], kValidators[1]});
}

TEST_CASE("receipted -> decided(accepted) at once when k == 0, settled at the window end") {
  Driver d;
  d.assigned(0, 0);
  auto t = d.ok(lc::ReceiptReceived{kExecutor, make_receipt()}, 1500);
  CHECK(d.state.phase == lc::Phase::decided);
  CHECK(d.state.decision == icn::validation::QuorumDecision::accepted);
  CHECK(count_of<lc::RequestValidation>(t.effects) == 0);
  auto s = d.ok(lc::Tick{}, 3500);
  CHECK(d.state.outcome == lc::Outcome::completed);
  CHECK(count_of<lc::PayExecutor>(s.effects) == 1);
  CHECK(count_of<lc::PayValidators>(s.effects) == 0);
}

// ---------------------------------------------------------------- validation

TEST_CASE("receipted -> validating on VoteCommitted; replay no-op") {
  Driver d;
  d.receipted();
  d.ok(lc::VoteCommitted{kValidators[0]}, 2100);
  CHECK(d.state.phase == lc::Phase::validating);
  d.no_op(lc::VoteCommitted{kValidators[0]}, 2101);
  d.rejected(lc::VoteCommitted{"did:key:stranger"}, 2102, "not_assigned_validator");
  d.rejected(lc::VoteCommitted{kValidators[1]}, 3000, "too_late");
}

TEST_CASE("receipted -> validating on the first VoteReceived") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT);
  CHECK(d.state.phase == lc::Phase::validating);
  CHECK_FALSE(d.state.decided);
}

TEST_CASE(
    "validating -> decided(accepted) on quorum; decided -> settled(completed) at window end") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_REJECT);
  CHECK(d.state.phase == lc::Phase::validating);
  d.vote(kValidators[2], v1::VOTE_ACCEPT);
  CHECK(d.state.phase == lc::Phase::decided);
  CHECK(d.state.decision == icn::validation::QuorumDecision::accepted);
  d.no_op(lc::Tick{}, 3499);
  auto t = d.ok(lc::Tick{}, 3500);
  CHECK(d.state.phase == lc::Phase::settled);
  CHECK(d.state.outcome == lc::Outcome::completed);
  CHECK(d.state.resolution == lc::Resolution::validated);
  const auto* pay = find_effect<lc::PayExecutor>(t.effects);
  REQUIRE(pay != nullptr);
  CHECK(pay->executor == kExecutor);
  CHECK(pay->price == 80);
  const auto* payv = find_effect<lc::PayValidators>(t.effects);
  REQUIRE(payv != nullptr);
  CHECK(payv->validators == std::vector<std::string>{kValidators[0], kValidators[2]});
  const auto* slashv = find_effect<lc::SlashValidators>(t.effects);
  REQUIRE(slashv != nullptr);
  CHECK(slashv->fault == lc::ValidatorFault::wrong_vote);
  CHECK(slashv->validators == std::vector<std::string>{kValidators[1]});
  CHECK(count_of<lc::Refund>(t.effects) == 1);
  CHECK(count_of<lc::SlashExecutor>(t.effects) == 0);
  const auto* note = find_effect<lc::NotifyParties>(t.effects);
  REQUIRE(note != nullptr);
  CHECK(note->parties.size() == 5);
  CHECK(note->outcome == lc::Outcome::completed);
}

TEST_CASE("validating -> decided(rejected) on quorum; settled(failed) slashes the executor") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_REJECT).vote(kValidators[1], v1::VOTE_REJECT);
  CHECK(d.state.phase == lc::Phase::decided);
  d.vote(kValidators[2], v1::VOTE_ACCEPT, 2200);  // a late vote before the deadline still counts
  auto t = d.ok(lc::Tick{}, 3500);
  CHECK(d.state.outcome == lc::Outcome::failed);
  CHECK(d.state.resolution == lc::Resolution::rejected_by_validators);
  const auto* slash = find_effect<lc::SlashExecutor>(t.effects);
  REQUIRE(slash != nullptr);
  CHECK(slash->fault == lc::ExecutorFault::wrong_result);
  CHECK(count_of<lc::PayExecutor>(t.effects) == 0);
  CHECK(find_effect<lc::PayValidators>(t.effects)->validators.size() == 2);
  CHECK(find_effect<lc::SlashValidators>(t.effects)->validators ==
        std::vector<std::string>{kValidators[2]});
}

TEST_CASE("validating -> decided(inconclusive) at the validation deadline without quorum") {
  Driver d;
  d.receipted(3, 3);
  d.vote(kValidators[0], v1::VOTE_ACCEPT);
  d.ok(lc::Tick{}, 3000);
  CHECK(d.state.phase == lc::Phase::decided);
  CHECK(d.state.decision == icn::validation::QuorumDecision::inconclusive);
  auto t = d.ok(lc::Tick{}, 3500);
  CHECK(d.state.outcome == lc::Outcome::failed);
  CHECK(d.state.resolution == lc::Resolution::inconclusive);
  CHECK(count_of<lc::SlashExecutor>(t.effects) == 0);
  CHECK(count_of<lc::PayExecutor>(t.effects) == 0);
  CHECK(count_of<lc::Refund>(t.effects) == 1);
  CHECK(find_effect<lc::PayValidators>(t.effects)->validators ==
        std::vector<std::string>{kValidators[0]});
}

TEST_CASE("validating -> decided(inconclusive) early when the votes split beyond recovery") {
  Driver d;
  d.receipted(3, 3);
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_REJECT);
  CHECK(d.state.phase == lc::Phase::decided);
  CHECK(d.state.decision == icn::validation::QuorumDecision::inconclusive);
}

TEST_CASE("validators who committed but never revealed are slashed for no_reveal") {
  Driver d;
  d.receipted();
  d.ok(lc::VoteCommitted{kValidators[0]}, 2000);
  d.ok(lc::VoteCommitted{kValidators[1]}, 2000);
  d.ok(lc::VoteCommitted{kValidators[2]}, 2000);
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  auto t = d.ok(lc::Tick{}, 3500);
  bool found = false;
  for (const auto& e : t.effects) {
    if (const auto* s = std::get_if<lc::SlashValidators>(&e)) {
      CHECK(s->fault == lc::ValidatorFault::no_reveal);
      CHECK(s->validators == std::vector<std::string>{kValidators[2]});
      found = true;
    }
  }
  CHECK(found);
}

TEST_CASE("vote guards: stranger, bad vote, inconsistent accept, too_late, before receipt") {
  Driver d;
  d.receipted();
  d.rejected(lc::VoteReceived{"did:key:stranger", v1::VOTE_ACCEPT, kGood}, 2100,
             "not_assigned_validator");
  d.rejected(lc::VoteReceived{kValidators[0], v1::VOTE_UNSPECIFIED, kGood}, 2100, "bad_vote");
  d.rejected(lc::VoteReceived{kValidators[0], v1::VOTE_ACCEPT, kBad}, 2100, "inconsistent_vote");
  d.rejected(lc::VoteReceived{kValidators[0], v1::VOTE_ACCEPT, kGood}, 3000, "too_late");
  Driver early;
  early.assigned();
  early.rejected(lc::VoteReceived{kValidators[0], v1::VOTE_ACCEPT, kGood}, 1500,
                 "illegal_transition");
  early.rejected(lc::VoteCommitted{kValidators[0]}, 1500, "illegal_transition");
}

TEST_CASE("a validator's first vote counts; a different second vote is equivocation") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT);
  d.no_op(lc::VoteReceived{kValidators[0], v1::VOTE_ACCEPT, kGood}, 2150);
  auto t = d.apply(lc::VoteReceived{kValidators[0], v1::VOTE_REJECT, kBad}, 2200);
  REQUIRE_FALSE(t.accepted());
  CHECK(t.rejection->code == "equivocation");
  CHECK(count_of<lc::ReportEquivocation>(t.effects) == 1);
  CHECK(d.state.votes.at(kValidators[0]).vote == v1::VOTE_ACCEPT);
  CHECK(d.state.equivocators.count(kValidators[0]) == 1);
}

TEST_CASE("one Tick past every deadline settles a receipted job in one step") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT);
  d.ok(lc::Tick{}, 10'000);
  CHECK(d.state.phase == lc::Phase::settled);
  CHECK(d.state.resolution == lc::Resolution::inconclusive);  // 1 of 3 votes, threshold 2
}

// ---------------------------------------------------------------- disputes

TEST_CASE("validating -> disputed on DisputeOpened by a party; replay no-op") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT);
  d.rejected(lc::DisputeOpened{"did:key:stranger", v1::DISPUTE_WRONG_RESULT, kBad}, 2200,
             "not_a_party");
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2200);
  CHECK(d.state.phase == lc::Phase::disputed);
  REQUIRE(d.state.dispute.has_value());
  CHECK(d.state.dispute->claims_wrong);
  d.no_op(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2201);
  d.rejected(lc::DisputeOpened{kValidators[1], v1::DISPUTE_WRONG_RESULT, kBad}, 2202,
             "already_disputed");
  // votes keep arriving until the validation deadline
  d.vote(kValidators[1], v1::VOTE_ACCEPT, 2300);
  CHECK(d.state.decided);
  CHECK(d.state.phase == lc::Phase::disputed);
}

TEST_CASE("decided -> disputed within the dispute window; too_late after it") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::Tick{}, 3000);
  CHECK(d.state.phase == lc::Phase::decided);
  d.rejected(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 3500, "too_late");
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 3499);
  CHECK(d.state.phase == lc::Phase::disputed);
}

TEST_CASE("disputes before a receipt are illegal; after settlement too_late") {
  Driver d;
  d.assigned();
  d.rejected(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 1500,
             "illegal_transition");
  Driver s;
  s.receipted();
  s.ok(lc::Tick{}, 3500);
  s.rejected(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 3600, "too_late");
}

TEST_CASE("disputed -> settled(completed) on a RESULT_CORRECT verdict: accuser slashed") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2500);
  auto t = d.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT}, 3600);
  CHECK(d.state.outcome == lc::Outcome::completed);
  CHECK(d.state.resolution == lc::Resolution::arbitrated_correct);
  CHECK(count_of<lc::PayExecutor>(t.effects) == 1);
  CHECK(count_of<lc::PayArbiter>(t.effects) == 1);
  REQUIRE(find_effect<lc::SlashAccuser>(t.effects) != nullptr);
  CHECK(find_effect<lc::SlashAccuser>(t.effects)->accuser == kSubmitter);
  CHECK(count_of<lc::ReturnDisputeBond>(t.effects) == 0);
  CHECK(count_of<lc::RewardWhistleblower>(t.effects) == 0);
  CHECK(count_of<lc::Refund>(t.effects) == 1);
  d.no_op(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT}, 3700);
  d.rejected(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_WRONG}, 3700, "illegal_transition");
  d.rejected(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT, "", {kSubmitter}}, 3700,
             "illegal_transition");
}

TEST_CASE("disputed -> settled(failed) on a RESULT_WRONG verdict: whistleblower rewarded") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.vote(kValidators[2], v1::VOTE_REJECT);
  d.ok(lc::DisputeOpened{kValidators[2], v1::DISPUTE_VALIDATOR_COLLUSION, kBad}, 2500);
  auto t = d.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_WRONG}, 2600);
  CHECK(d.state.outcome == lc::Outcome::failed);
  CHECK(d.state.resolution == lc::Resolution::arbitrated_wrong);
  const auto* slash = find_effect<lc::SlashExecutor>(t.effects);
  REQUIRE(slash != nullptr);
  CHECK(slash->fault == lc::ExecutorFault::wrong_result);
  CHECK(find_effect<lc::SlashValidators>(t.effects)->validators ==
        std::vector<std::string>{kValidators[0], kValidators[1]});
  CHECK(find_effect<lc::PayValidators>(t.effects)->validators ==
        std::vector<std::string>{kValidators[2]});
  CHECK(find_effect<lc::RewardWhistleblower>(t.effects)->whistleblower == kValidators[2]);
  CHECK(count_of<lc::ReturnDisputeBond>(t.effects) == 1);
  CHECK(count_of<lc::SlashAccuser>(t.effects) == 0);
  CHECK(count_of<lc::PayExecutor>(t.effects) == 0);
}

TEST_CASE("a RESULT_WRONG verdict on a resource-overuse dispute slashes for resource_overuse") {
  Driver d;
  d.receipted();
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_RESOURCE_OVERUSE, ""}, 1600);
  auto t = d.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_WRONG}, 1700);
  CHECK(find_effect<lc::SlashExecutor>(t.effects)->fault == lc::ExecutorFault::resource_overuse);
}

TEST_CASE("the executor disputes a rejection and wins: completed, executor rewarded") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_REJECT).vote(kValidators[1], v1::VOTE_REJECT);
  d.ok(lc::DisputeOpened{kExecutor, v1::DISPUTE_WRONG_RESULT, kGood}, 2500);
  CHECK_FALSE(d.state.dispute->claims_wrong);
  auto t = d.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT}, 2600);
  CHECK(d.state.outcome == lc::Outcome::completed);
  CHECK(count_of<lc::PayExecutor>(t.effects) == 1);
  CHECK(find_effect<lc::RewardWhistleblower>(t.effects)->whistleblower == kExecutor);
  CHECK(find_effect<lc::SlashValidators>(t.effects)->validators.size() == 2);
}

TEST_CASE("disputed -> settled(failed) on an INCONCLUSIVE verdict: refund, no slash") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT);
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2500);
  auto t = d.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_INCONCLUSIVE}, 2600);
  CHECK(d.state.outcome == lc::Outcome::failed);
  CHECK(d.state.resolution == lc::Resolution::arbitrated_inconclusive);
  CHECK(count_of<lc::SlashExecutor>(t.effects) == 0);
  CHECK(count_of<lc::SlashAccuser>(t.effects) == 0);
  CHECK(count_of<lc::SlashValidators>(t.effects) == 0);
  CHECK(count_of<lc::ReturnDisputeBond>(t.effects) == 1);
  CHECK(count_of<lc::Refund>(t.effects) == 1);
}

TEST_CASE("disputed -> settled at the arbitration deadline: the dispute lapses, decision stands") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2500);
  d.no_op(lc::Tick{}, 4499);
  auto t = d.ok(lc::Tick{}, 4500);
  CHECK(d.state.outcome == lc::Outcome::completed);
  CHECK(d.state.resolution == lc::Resolution::validated);
  CHECK(count_of<lc::ReturnDisputeBond>(t.effects) == 1);
  CHECK(count_of<lc::PayArbiter>(t.effects) == 0);
  d.rejected(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_WRONG}, 4600, "illegal_transition");
}

TEST_CASE("verdict guards: bad_verdict, too_late, not disputed") {
  Driver d;
  d.receipted();
  d.rejected(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT}, 1600, "illegal_transition");
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 1600);
  d.rejected(lc::VerdictIssued{kArbiter, v1::OUTCOME_UNSPECIFIED}, 1700, "bad_verdict");
  d.rejected(lc::VerdictIssued{"", v1::OUTCOME_RESULT_CORRECT}, 1700, "bad_verdict");
  // Upholding the receipt while finding its executor at fault contradicts itself.
  d.rejected(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT, kGood, {kExecutor}}, 1700,
             "bad_verdict");
  d.rejected(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT}, 4500, "too_late");
}

TEST_CASE("a verdict before the validation deadline does not slash silent validators") {
  Driver d;
  d.receipted();
  d.ok(lc::VoteCommitted{kValidators[0]}, 1600);
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 1600);
  auto t = d.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_WRONG}, 1700);
  CHECK(count_of<lc::SlashValidators>(t.effects) == 0);
}

// ---------------------------------------------------------------- terminal states

TEST_CASE("a settled job never changes, whatever arrives") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::Tick{}, 3500);
  REQUIRE(lc::is_terminal(d.state));
  const std::string before = fingerprint(d.state);
  const std::vector<lc::Event> events = {
      lc::Submit{make_terms()},
      lc::EscrowLocked{},
      lc::EscrowFailed{"x"},
      lc::BidReceived{make_bid(kOther, 1)},
      lc::BidWindowClosed{},
      lc::Assign{kOther, 90, kValidators},
      lc::ExecutionStarted{kExecutor},
      lc::ReceiptReceived{kExecutor, make_receipt(kExecutor, kBad)},
      lc::VoteCommitted{kValidators[2]},
      lc::VoteReceived{kValidators[2], v1::VOTE_REJECT, kBad},
      lc::VoteReceived{kValidators[0], v1::VOTE_REJECT, kBad},
      lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad},
      lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_WRONG},
      lc::Cancel{kSubmitter},
      lc::Tick{},
  };
  for (const auto& e : events) {
    auto t = lc::step(d.state, e, 9999);
    INFO(lc::event_name(e));
    CHECK(t.effects.empty());
    CHECK(fingerprint(t.state) == before);
  }
}

// ---------------------------------------------------------------- names and ids

TEST_CASE("phase, outcome, resolution, fault and event names") {
  CHECK(lc::to_string(lc::Phase::bidding) == "bidding");
  CHECK(lc::to_string(lc::Phase::settled) == "settled");
  CHECK(lc::to_string(lc::Outcome::completed) == "completed");
  CHECK(lc::to_string(lc::Outcome::cancelled) == "cancelled");
  CHECK(lc::to_string(lc::Resolution::no_show) == "no_show");
  CHECK(lc::to_string(lc::Resolution::execution_failed) == "execution_failed");
  CHECK(lc::to_string(lc::ExecutorFault::resource_overuse) == "resource_overuse");
  CHECK(lc::to_string(lc::ValidatorFault::no_reveal) == "no_reveal");
  CHECK(lc::event_name(lc::Event{lc::Tick{}}) == "tick");
  CHECK(lc::event_name(lc::Event{lc::VoteReceived{}}) == "vote_received");
}

TEST_CASE("effect ids are deterministic and name job, kind and subject") {
  CHECK(lc::effect_id(lc::Refund{kJob, kSubmitter}) == kJob + "/refund");
  CHECK(lc::effect_id(lc::SlashValidators{kJob, {}, lc::ValidatorFault::no_reveal}) ==
        kJob + "/slash_validators/no_reveal");
  CHECK(lc::effect_id(lc::ReportEquivocation{kJob, kExecutor, "x"}) ==
        kJob + "/report_equivocation/" + kExecutor);
  CHECK(lc::effect_kind(lc::PayExecutor{}) == "pay_executor");
  CHECK(lc::is_money_effect(lc::PayExecutor{}));
  CHECK_FALSE(lc::is_money_effect(lc::AnnounceJob{}));
}

TEST_CASE("next_deadline names the instant the next Tick matters") {
  Driver d;
  CHECK_FALSE(lc::next_deadline(d.state).has_value());
  d.submitted();
  CHECK(lc::next_deadline(d.state) == 1100);
  d.ok(lc::EscrowLocked{}, 1001);
  CHECK(lc::next_deadline(d.state) == 1100);
  d.ok(lc::BidReceived{make_bid(kExecutor, 80, 1500)}, 1010);
  d.ok(lc::Tick{}, 1100);
  CHECK(lc::next_deadline(d.state) == 1500);  // the only bid expires then
  d.ok(lc::Assign{kExecutor, 80, kValidators}, 1200);
  CHECK(lc::next_deadline(d.state) == 2000);
  d.ok(lc::ReceiptReceived{kExecutor, make_receipt()}, 1500);
  CHECK(lc::next_deadline(d.state) == 3000);
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 1600);
  CHECK(lc::next_deadline(d.state) == 3000);  // the decision is still due
  d.ok(lc::Tick{}, 3000);
  CHECK(lc::next_deadline(d.state) == 4500);
  d.ok(lc::Tick{}, 4500);
  CHECK_FALSE(lc::next_deadline(d.state).has_value());
}
