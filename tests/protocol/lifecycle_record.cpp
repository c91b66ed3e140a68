// JobRecord: a job's lifecycle state, persisted (protocol/lifecycle/job_record.hpp).
// The randomized lifecycle test round-trips every state it reaches; these cases check each
// refusal names its field.
#include <doctest/doctest.h>

#include "lifecycle_fixture.hpp"
#include "protocol/lifecycle/job_record.hpp"

using namespace lifecycle_test;  // NOLINT: test helpers

namespace {

/// A disputed job with a verdict on the way: every part of the state is filled.
lc::JobState full_state() {
  Driver d;
  d.bidding().with_bids();
  d.ok(lc::Assign{kExecutor, 80, kValidators, "sha256:bid"}, 1100);
  auto r = make_receipt();
  r.set_code_hash("sha256:code");
  r.set_input_hash("sha256:inputs");
  r.set_output(std::string("a\0b", 3));
  d.ok(lc::ReceiptReceived{kExecutor, r}, 1500);
  d.ok(lc::VoteCommitted{kValidators[0]}, 2000);
  d.ok(lc::VoteCommitted{kValidators[2]}, 2000);
  d.vote(kValidators[2], v1::VOTE_REJECT).vote(kValidators[0], v1::VOTE_ACCEPT);
  d.apply(lc::VoteReceived{kValidators[0], v1::VOTE_REJECT, kBad}, 2150);  // equivocation
  d.ok(lc::DisputeOpened{kValidators[2], v1::DISPUTE_WRONG_RESULT, kBad}, 2200);
  return d.state;
}

std::string error_of(const v1::JobRecord& record) {
  auto s = lc::from_record(record);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == "bad_record");
  return s.error().message;
}

bool mentions(const std::string& message, const std::string& field) {
  return message.find("JobRecord." + field) != std::string::npos;
}

}  // namespace

TEST_CASE("to_record / from_record round-trip every part of a state, through bytes") {
  const lc::JobState s = full_state();
  REQUIRE(s.phase == lc::Phase::disputed);
  REQUIRE(s.equivocators.size() == 1);
  const v1::JobRecord record = lc::to_record(s);
  CHECK(record.votes_size() == 2);
  CHECK(record.votes(0).validator() == kValidators[2]);  // reveal order is kept
  CHECK(record.bids_size() == 2);
  CHECK(record.receipt().output() == std::string("a\0b", 3));
  v1::JobRecord parsed;
  REQUIRE(parsed.ParseFromString(record.SerializeAsString()));
  const auto back = lc::from_record(parsed);
  REQUIRE(back);
  CHECK(*back == s);
  CHECK(back->vote_order == s.vote_order);

  // Settled with a verdict, and the empty state.
  Driver d;
  d.bidding().with_bids();
  d.ok(lc::Assign{kExecutor, 80, kValidators}, 1100);
  d.ok(lc::ReceiptReceived{kExecutor, make_receipt()}, 1500);
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 1600);
  d.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_WRONG, kBad, {kExecutor}}, 1700);
  CHECK(*lc::from_record(lc::to_record(d.state)) == d.state);
  CHECK(*lc::from_record(lc::to_record(lc::JobState{})) == lc::JobState{});
}

TEST_CASE("JobState equality sees every field") {
  const lc::JobState s = full_state();
  auto other = s;
  CHECK(other == s);
  other.receipt->output = "different";
  CHECK(other != s);
  other = s;
  other.bids.begin()->second.set_latency_ms(7);
  CHECK(other != s);
  other = s;
  other.vote_order = {other.vote_order[1], other.vote_order[0]};
  CHECK(other != s);
}

TEST_CASE("from_record refuses enum values out of range") {
  auto r = lc::to_record(full_state());
  r.set_phase(10);
  CHECK(mentions(error_of(r), "phase"));
  r = lc::to_record(full_state());
  r.set_outcome(5);
  CHECK(mentions(error_of(r), "outcome"));
  r = lc::to_record(full_state());
  r.set_resolution(13);
  CHECK(mentions(error_of(r), "resolution"));
  r = lc::to_record(full_state());
  r.set_decision(4);
  CHECK(mentions(error_of(r), "decision"));
  r = lc::to_record(full_state());
  r.mutable_receipt()->set_status(static_cast<v1::ExecStatus>(99));
  CHECK(mentions(error_of(r), "receipt.status"));
  r = lc::to_record(full_state());
  r.mutable_dispute()->set_reason(static_cast<v1::DisputeReason>(99));
  CHECK(mentions(error_of(r), "dispute.reason"));
}

TEST_CASE("from_record refuses a phase without what it needs") {
  auto r = lc::to_record(full_state());
  r.clear_assignment();
  CHECK(mentions(error_of(r), "assignment"));
  r = lc::to_record(full_state());
  r.clear_receipt();
  CHECK(mentions(error_of(r), "receipt"));
  r = lc::to_record(full_state());
  r.clear_dispute();
  CHECK(mentions(error_of(r), "dispute"));
  r = lc::to_record(full_state());
  r.set_outcome(static_cast<std::uint32_t>(lc::Outcome::completed));  // open, yet an outcome
  CHECK(mentions(error_of(r), "outcome"));
  r = lc::to_record(full_state());
  r.set_phase(static_cast<std::uint32_t>(lc::Phase::settled));  // settled, without an outcome
  CHECK(mentions(error_of(r), "outcome"));
  r = lc::to_record(full_state());
  r.set_decided(false);
  r.set_decision(static_cast<std::uint32_t>(icn::validation::QuorumDecision::accepted));
  CHECK(mentions(error_of(r), "decided"));
}

TEST_CASE("from_record refuses evidence out of order: receipt, votes, verdict, bids") {
  v1::JobRecord r;  // an open job in `none` holding a receipt without an assignment
  r.mutable_receipt()->set_status(v1::EXEC_OK);
  CHECK(mentions(error_of(r), "receipt"));
  r = lc::to_record(full_state());
  r.mutable_votes(1)->set_validator(kExecutor);
  CHECK(mentions(error_of(r), "votes[1]"));
  r = lc::to_record(full_state());
  r.mutable_votes(1)->set_validator(kValidators[2]);  // a second vote of the same validator
  CHECK(mentions(error_of(r), "votes[1]"));
  r = lc::to_record(full_state());
  r.mutable_votes(0)->set_vote(v1::VOTE_UNSPECIFIED);
  CHECK(mentions(error_of(r), "votes[0]"));
  r = lc::to_record(full_state());
  r.clear_dispute();
  r.set_phase(static_cast<std::uint32_t>(lc::Phase::decided));
  r.mutable_verdict()->set_arbiter(kArbiter);
  CHECK(mentions(error_of(r), "verdict"));
  r = lc::to_record(full_state());
  r.mutable_bids(1)->set_executor(r.bids(0).executor());
  CHECK(mentions(error_of(r), "bids[1]"));
  r = lc::to_record(full_state());
  r.mutable_bids(0)->set_job_id("sha256:other");
  CHECK(mentions(error_of(r), "bids[0]"));
  r = lc::to_record(full_state());
  r.mutable_bids(0)->clear_executor();
  CHECK(mentions(error_of(r), "bids[0]"));
}

TEST_CASE("from_record refuses repeated or empty DIDs and effect ids") {
  auto r = lc::to_record(full_state());
  r.add_emitted(r.emitted(0));
  CHECK(mentions(error_of(r), "emitted"));
  r = lc::to_record(full_state());
  r.add_equivocators("");
  CHECK(mentions(error_of(r), "equivocators"));
  r = lc::to_record(full_state());
  r.add_committed(r.committed(0));
  CHECK(mentions(error_of(r), "committed"));
  r = lc::to_record(full_state());
  r.add_committed("did:key:stranger");
  CHECK(mentions(error_of(r), "committed"));
  r = lc::to_record(full_state());
  r.mutable_assignment()->add_validators(kValidators[0]);
  CHECK(mentions(error_of(r), "assignment.validators"));
  r = lc::to_record(full_state());
  r.mutable_assignment()->clear_executor();
  CHECK(mentions(error_of(r), "assignment.executor"));
}

TEST_CASE("step stays total on accepted records: every event on odd but accepted states") {
  // A state from_record accepts but the machine never reaches (a receipt in `none`, a
  // decided job with no votes, ...) must still step without crashing.
  std::vector<v1::JobRecord> records;
  v1::JobRecord odd;
  odd.mutable_assignment()->set_executor(kExecutor);
  odd.mutable_receipt()->set_status(v1::EXEC_TRAP);
  records.push_back(odd);
  auto decided = lc::to_record(full_state());
  decided.set_phase(static_cast<std::uint32_t>(lc::Phase::decided));
  decided.clear_verdict();
  records.push_back(decided);
  auto executing = lc::to_record(full_state());
  executing.set_phase(static_cast<std::uint32_t>(lc::Phase::executing));
  records.push_back(executing);
  const std::vector<lc::Event> events = {
      lc::Submit{make_terms()},
      lc::EscrowLocked{},
      lc::BidReceived{make_bid(kOther, 1)},
      lc::BidWindowClosed{},
      lc::Assign{kOther, 90, kValidators},
      lc::ExecutionStarted{kExecutor},
      lc::ReceiptReceived{kExecutor, make_receipt(kExecutor, kBad)},
      lc::VoteCommitted{kValidators[1]},
      lc::VoteReceived{kValidators[1], v1::VOTE_REJECT, kBad},
      lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad},
      lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT},
      lc::Cancel{kSubmitter},
      lc::Tick{},
  };
  for (const auto& record : records) {
    auto state = lc::from_record(record);
    REQUIRE(state);
    for (const auto& e : events) {
      for (icn::UnixMs now : {icn::UnixMs{0}, icn::UnixMs{2500}, icn::UnixMs{99'999}}) {
        const auto t = lc::step(*state, e, now);
        CHECK(lc::from_record(lc::to_record(t.state)).has_value());
      }
    }
  }
}
