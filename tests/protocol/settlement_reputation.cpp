// reputation_outcome: what a settled job's own evidence establishes
// (protocol/settlement/settlement.hpp).
#include <doctest/doctest.h>

#include "lifecycle_fixture.hpp"
#include "protocol/settlement/settlement.hpp"

using namespace lifecycle_test;  // NOLINT: test helpers
namespace st = icn::settlement;
using icn::reputation::Effect;
using icn::reputation::EstablishedOutcome;

namespace {

std::map<std::string, Effect> effects_of(const EstablishedOutcome& o) {
  std::map<std::string, Effect> out;
  for (const auto& e : o.effects()) out[e.did] = e.effect;
  return out;
}

}  // namespace

TEST_CASE("validated: the executor and the validators with the quorum succeed, others fail") {
  Driver d;
  d.receipted();
  d.ok(lc::VoteCommitted{kValidators[2]}, 2000);
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::Tick{}, 3500);
  const auto o = st::reputation_outcome(d.state, 3500);
  REQUIRE(o.has_value());
  CHECK(o->job_id() == kJob);
  const auto e = effects_of(*o);
  CHECK(e.at(kExecutor) == Effect::kSuccess);
  CHECK(e.at(kValidators[0]) == Effect::kSuccess);
  CHECK(e.at(kValidators[1]) == Effect::kSuccess);
  CHECK(e.at(kValidators[2]) == Effect::kFailure);  // sampled, never revealed
}

TEST_CASE("rejected: the same votes the quorum used decide reputation") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_REJECT).vote(kValidators[1], v1::VOTE_REJECT);
  d.vote(kValidators[2], v1::VOTE_ACCEPT, 2200);  // late, but counted by the quorum too
  d.ok(lc::Tick{}, 3500);
  const auto e = effects_of(*st::reputation_outcome(d.state, 3500));
  CHECK(e.at(kExecutor) == Effect::kFailure);
  CHECK(e.at(kValidators[0]) == Effect::kSuccess);
  CHECK(e.at(kValidators[2]) == Effect::kFailure);
}

TEST_CASE("arbitrated: the verdict decides, its faulty DIDs fail") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::DisputeOpened{kValidators[2], v1::DISPUTE_VALIDATOR_COLLUSION, kBad}, 2500);
  d.ok(
      lc::VerdictIssued{
          kArbiter, v1::OUTCOME_RESULT_WRONG, kBad, {kExecutor, kValidators[0], kValidators[1]}},
      2600);
  const auto e = effects_of(*st::reputation_outcome(d.state, 2600));
  CHECK(e.size() == 3);
  CHECK(e.at(kExecutor) == Effect::kFailure);
  CHECK(e.at(kValidators[0]) == Effect::kFailure);
  CHECK(e.at(kValidators[1]) == Effect::kFailure);

  Driver c;
  c.receipted();
  c.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2500);
  c.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT, kGood, {kSubmitter}}, 2600);
  const auto ce = effects_of(*st::reputation_outcome(c.state, 2600));
  CHECK(ce.at(kExecutor) == Effect::kSuccess);
  CHECK(ce.at(kSubmitter) == Effect::kFailure);
}

TEST_CASE("no_show: the executor fails, at the very deadline the lifecycle settled it") {
  Driver d;
  d.assigned();
  d.ok(lc::Tick{}, 2000);
  REQUIRE(d.state.resolution == lc::Resolution::no_show);
  const auto o = st::reputation_outcome(d.state, 2000);
  REQUIRE(o.has_value());
  REQUIRE(o->effects().size() == 1);
  CHECK(o->effects()[0].did == kExecutor);
  CHECK(o->effects()[0].effect == Effect::kFailure);
}

TEST_CASE("execution_failed: the validators' effects stand, the executor's reputation stays") {
  Driver d;
  d.assigned();
  d.ok(lc::ReceiptReceived{kExecutor, failed_receipt(v1::EXEC_TRAP)}, 1500);
  d.ok(lc::VoteReceived{kValidators[0], v1::VOTE_ACCEPT, kBad}, 2100);
  d.ok(lc::VoteReceived{kValidators[1], v1::VOTE_ACCEPT, kBad}, 2100);
  d.ok(lc::VoteReceived{kValidators[2], v1::VOTE_REJECT, kGood}, 2100);
  d.ok(lc::Tick{}, 3500);
  REQUIRE(d.state.resolution == lc::Resolution::execution_failed);
  const auto e = effects_of(*st::reputation_outcome(d.state, 3500));
  CHECK(e.count(kExecutor) == 0);
  CHECK(e.at(kValidators[0]) == Effect::kSuccess);
  CHECK(e.at(kValidators[1]) == Effect::kSuccess);
  CHECK(e.at(kValidators[2]) == Effect::kFailure);

  // Upheld by an arbiter: the same, from the verdict.
  Driver a;
  a.assigned();
  a.ok(lc::ReceiptReceived{kExecutor, failed_receipt(v1::EXEC_TIMEOUT)}, 1500);
  a.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kGood}, 1600);
  a.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT, kBad, {kSubmitter}}, 1700);
  REQUIRE(a.state.resolution == lc::Resolution::execution_failed);
  const auto ae = effects_of(*st::reputation_outcome(a.state, 1700));
  CHECK(ae.count(kExecutor) == 0);
  CHECK(ae.at(kSubmitter) == Effect::kFailure);

  // With k = 0 nobody validated anything: nothing is established.
  Driver z;
  z.assigned(0, 0);
  z.ok(lc::ReceiptReceived{kExecutor, failed_receipt(v1::EXEC_ERROR)}, 1500);
  CHECK_FALSE(st::reputation_outcome(z.state, 1500).has_value());
}

TEST_CASE("nothing is established by inconclusive, unvalidated or unfinished jobs") {
  Driver inconclusive;
  inconclusive.receipted(3, 3);
  inconclusive.vote(kValidators[0], v1::VOTE_ACCEPT);
  inconclusive.ok(lc::Tick{}, 3500);
  REQUIRE(inconclusive.state.resolution == lc::Resolution::inconclusive);
  CHECK_FALSE(st::reputation_outcome(inconclusive.state, 3500).has_value());

  Driver unvalidated;  // k = 0: the executor's own receipt establishes nothing
  unvalidated.assigned(0, 0);
  unvalidated.ok(lc::ReceiptReceived{kExecutor, make_receipt()}, 1500);
  unvalidated.ok(lc::Tick{}, 3500);
  REQUIRE(unvalidated.state.resolution == lc::Resolution::validated);
  CHECK_FALSE(st::reputation_outcome(unvalidated.state, 3500).has_value());

  Driver cancelled;
  cancelled.bidding();
  cancelled.ok(lc::Cancel{kSubmitter}, 1010);
  CHECK_FALSE(st::reputation_outcome(cancelled.state, 1010).has_value());

  Driver open;
  open.receipted();
  CHECK_FALSE(st::reputation_outcome(open.state, 1600).has_value());
}
