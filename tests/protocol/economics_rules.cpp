// Every economic rule in protocol/economics/rules.hpp, and escrow conservation.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <numeric>

#include "protocol/economics/params.hpp"
#include "protocol/economics/rules.hpp"

using namespace icn;
using namespace icn::economics;

namespace {

v1::Payment payment(std::uint64_t max_price, std::uint64_t fees, std::uint64_t reserve) {
  v1::Payment p;
  p.set_max_price(max_price);
  p.set_validator_fee_budget(fees);
  p.set_dispute_reserve(reserve);
  return p;
}

std::uint64_t sum(const std::vector<v1::Payout>& payouts) {
  std::uint64_t total = 0;
  for (const auto& p : payouts) total += p.amount();
  return total;
}

std::uint64_t paid_to(const std::vector<v1::Payout>& payouts, const std::string& who,
                      v1::ReleaseKind kind) {
  std::uint64_t total = 0;
  for (const auto& p : payouts) {
    if (p.to() == who && p.kind() == kind) total += p.amount();
  }
  return total;
}

SettlementInput input(JobResult result, std::vector<std::string> validators,
                      std::optional<std::string> arbiter = std::nullopt) {
  SettlementInput in;
  in.payer = "did:submitter";
  in.executor = "did:executor";
  in.payment = payment(100, 31, 17);
  in.escrow = 148;
  in.accepted_price = 73;
  in.result = result;
  in.validators_with_outcome = std::move(validators);
  in.arbiter = std::move(arbiter);
  return in;
}

}  // namespace

TEST_CASE("escrow at submission is max price + validator fee budget + dispute reserve") {
  auto escrow = submitter_escrow(payment(100, 30, 20));
  REQUIRE(escrow);
  CHECK(*escrow == 150);
  const auto max = std::numeric_limits<std::uint64_t>::max();
  auto overflow = submitter_escrow(payment(max, 1, 0));
  REQUIRE_FALSE(overflow);
  CHECK(overflow.error().code == "overflow");
  CHECK_FALSE(submitter_escrow(payment(max - 5, 3, 3)));
  CHECK(*submitter_escrow(payment(max - 6, 3, 3)) == max);
}

TEST_CASE("accepted result: executor paid the accepted price, validators share, rest refunded") {
  const auto in = input(JobResult::kAccepted, {"did:v2", "did:v1", "did:v3"});
  auto payouts = settle_escrow(in, default_economic_params());
  REQUIRE(payouts);
  CHECK(sum(*payouts) == 148);
  CHECK(paid_to(*payouts, "did:executor", v1::RELEASE_EXECUTOR_PAYMENT) == 73);
  // 31 / 3 = 10 each, remainder 1 to the refund.
  CHECK(paid_to(*payouts, "did:v1", v1::RELEASE_VALIDATOR_FEE) == 10);
  CHECK(paid_to(*payouts, "did:v3", v1::RELEASE_VALIDATOR_FEE) == 10);
  CHECK(paid_to(*payouts, "did:submitter", v1::RELEASE_REFUND) == 148 - 73 - 30);
  // Deterministic order: executor, validators by DID, refund last.
  REQUIRE(payouts->size() == 5);
  CHECK((*payouts)[0].kind() == v1::RELEASE_EXECUTOR_PAYMENT);
  CHECK((*payouts)[1].to() == "did:v1");
  CHECK((*payouts)[2].to() == "did:v2");
  CHECK((*payouts)[3].to() == "did:v3");
  CHECK((*payouts)[4].kind() == v1::RELEASE_REFUND);
}

TEST_CASE("the executor is not paid unless validation accepts") {
  for (JobResult r : {JobResult::kRejected, JobResult::kInconclusive, JobResult::kNotDelivered,
                      JobResult::kExecutionFailed}) {
    auto payouts = settle_escrow(input(r, {"did:v1"}), default_economic_params());
    REQUIRE(payouts);
    CHECK(paid_to(*payouts, "did:executor", v1::RELEASE_EXECUTOR_PAYMENT) == 0);
    CHECK(sum(*payouts) == 148);
  }
}

TEST_CASE("an upheld failed run pays the validators who checked it, not the executor") {
  auto payouts =
      settle_escrow(input(JobResult::kExecutionFailed, {"did:v1"}), default_economic_params());
  REQUIRE(payouts);
  CHECK(paid_to(*payouts, "did:executor", v1::RELEASE_EXECUTOR_PAYMENT) == 0);
  CHECK(paid_to(*payouts, "did:v1", v1::RELEASE_VALIDATOR_FEE) == 31);
  CHECK(paid_to(*payouts, "did:submitter", v1::RELEASE_REFUND) == 148 - 31);
}

TEST_CASE("not delivered: validators did no work and the whole escrow is refunded") {
  auto payouts =
      settle_escrow(input(JobResult::kNotDelivered, {"did:v1"}), default_economic_params());
  REQUIRE(payouts);
  REQUIRE(payouts->size() == 1);
  CHECK((*payouts)[0].to() == "did:submitter");
  CHECK((*payouts)[0].amount() == 148);
}

TEST_CASE("an arbiter is paid its share of the dispute reserve") {
  auto params = default_economic_params();  // 50% of the reserve
  CHECK(arbiter_fee(17, params) == 8);
  CHECK(arbiter_fee(0, params) == 0);
  auto payouts = settle_escrow(input(JobResult::kRejected, {"did:v1"}, "did:arbiter"), params);
  REQUIRE(payouts);
  CHECK(paid_to(*payouts, "did:arbiter", v1::RELEASE_ARBITER_FEE) == 8);
  CHECK(paid_to(*payouts, "did:v1", v1::RELEASE_VALIDATOR_FEE) == 31);
  CHECK(paid_to(*payouts, "did:submitter", v1::RELEASE_REFUND) == 148 - 8 - 31);
  CHECK(sum(*payouts) == 148);
}

TEST_CASE("conservation: payouts sum exactly to the escrow for every outcome and size") {
  const auto params = default_economic_params();
  const std::vector<JobResult> results = {JobResult::kAccepted, JobResult::kRejected,
                                          JobResult::kInconclusive, JobResult::kNotDelivered,
                                          JobResult::kExecutionFailed};
  int cases = 0;
  for (JobResult result : results) {
    for (std::uint64_t fees : {0ULL, 1ULL, 7ULL, 100ULL, 1001ULL}) {
      for (std::uint64_t reserve : {0ULL, 1ULL, 33ULL}) {
        for (std::size_t n = 0; n <= 7; ++n) {
          for (bool arbiter : {false, true}) {
            for (std::uint64_t extra : {0ULL, 5ULL}) {  // escrow may exceed the minimum
              SettlementInput in;
              in.payer = "did:p";
              in.executor = "did:e";
              in.payment = payment(99, fees, reserve);
              in.escrow = 99 + fees + reserve + extra;
              in.accepted_price = 61;
              in.result = result;
              for (std::size_t i = 0; i < n; ++i) {
                in.validators_with_outcome.push_back("did:v" + std::to_string(i));
              }
              if (arbiter) in.arbiter = "did:a";
              auto payouts = settle_escrow(in, params);
              REQUIRE(payouts);
              CHECK(sum(*payouts) == in.escrow);
              for (const auto& p : *payouts) CHECK(p.amount() > 0);
              ++cases;
            }
          }
        }
      }
    }
  }
  CHECK(cases == 5 * 5 * 3 * 8 * 2 * 2);
}

TEST_CASE("settlement rejects bad input instead of creating or losing mana") {
  const auto params = default_economic_params();
  auto short_escrow = input(JobResult::kAccepted, {});
  short_escrow.escrow = 147;
  CHECK(settle_escrow(short_escrow, params).error().code == "escrow_short");
  auto too_expensive = input(JobResult::kAccepted, {});
  too_expensive.accepted_price = 101;
  CHECK(settle_escrow(too_expensive, params).error().code == "price_above_max");
  auto no_payer = input(JobResult::kAccepted, {});
  no_payer.payer.clear();
  CHECK(settle_escrow(no_payer, params).error().code == "invalid_settlement");
}

TEST_CASE("duplicate validators are paid once") {
  auto payouts = settle_escrow(input(JobResult::kAccepted, {"did:v1", "did:v1", "did:v2"}),
                               default_economic_params());
  REQUIRE(payouts);
  CHECK(paid_to(*payouts, "did:v1", v1::RELEASE_VALIDATOR_FEE) == 15);
  CHECK(sum(*payouts) == 148);
}

TEST_CASE("validator fee split: equal shares, remainder back to the submitter") {
  CHECK(validator_fee_split(31, 3).per_validator == 10);
  CHECK(validator_fee_split(31, 3).remainder == 1);
  CHECK(validator_fee_split(31, 0).per_validator == 0);
  CHECK(validator_fee_split(31, 0).remainder == 31);
  CHECK(validator_fee_split(2, 5).per_validator == 0);
  CHECK(validator_fee_split(2, 5).remainder == 2);
}

TEST_CASE("job result from a verdict outcome") {
  CHECK(*job_result_from(v1::OUTCOME_RESULT_CORRECT) == JobResult::kAccepted);
  CHECK(*job_result_from(v1::OUTCOME_RESULT_WRONG) == JobResult::kRejected);
  CHECK(*job_result_from(v1::OUTCOME_INCONCLUSIVE) == JobResult::kInconclusive);
  CHECK_FALSE(job_result_from(v1::OUTCOME_UNSPECIFIED));
}

TEST_CASE("executor slashes: wrong result, no-show, resource overuse") {
  auto params = default_economic_params();
  CHECK(slash_executor_wrong_result(1000, params) == 500);
  CHECK(slash_executor_no_show(1000, params) == 100);
  CHECK(slash_executor_resource_overuse(1000, params) == 200);
  params.set_slash_wrong_result_bp(20000);  // never more than the bond
  CHECK(slash_executor_wrong_result(1000, params) == 1000);
  CHECK(slash_executor_wrong_result(0, params) == 0);
  // A wrong result costs more than a no-show, which costs more than nothing.
  params = default_economic_params();
  CHECK(slash_executor_wrong_result(777, params) > slash_executor_resource_overuse(777, params));
  CHECK(slash_executor_resource_overuse(777, params) > slash_executor_no_show(777, params));
}

TEST_CASE("validator slashes: wrong vote and no reveal") {
  const auto params = default_economic_params();
  CHECK(slash_validator_wrong_vote(500, params) == 150);
  CHECK(slash_validator_no_reveal(500, params) == 50);
}

TEST_CASE("griefing: a losing accuser forfeits its dispute bond; bond = max(min, price x bp)") {
  auto params = default_economic_params();
  CHECK(slash_griefing(40, params) == 40);
  CHECK(required_dispute_bond(10, params) == 20);     // 20% of 10 = 2 < minimum 20
  CHECK(required_dispute_bond(1000, params) == 200);  // 20% of 1000
  params.set_slash_griefing_bp(2500);
  CHECK(slash_griefing(40, params) == 10);
}

TEST_CASE("required executor bond is the larger of the spec's and the protocol's minimum") {
  const auto params = default_economic_params();
  v1::JobSpec spec;
  CHECK(required_executor_bond(spec, params) == 1000);
  spec.mutable_placement()->set_min_executor_bond(5000);
  CHECK(required_executor_bond(spec, params) == 5000);
}

TEST_CASE("slash split: whistleblower reward, then harmed party, remainder burned") {
  const auto params = default_economic_params();  // 20% reward, then 50% of the rest
  SlashSplit split =
      split_slash(1001, "did:cheat", std::string("did:wb"), std::string("did:victim"), params);
  REQUIRE(split.shares.size() == 2);
  CHECK(split.shares[0].to() == "did:wb");
  CHECK(split.shares[0].amount() == 200);
  CHECK(split.shares[1].to() == "did:victim");
  CHECK(split.shares[1].amount() == 400);
  CHECK(split.burned == 401);
  CHECK(split.shares[0].amount() + split.shares[1].amount() + split.burned == 1001);

  // Reporting oneself earns nothing: the whole reward share goes down the normal path.
  SlashSplit self = split_slash(1000, "did:cheat", std::string("did:cheat"), std::nullopt, params);
  CHECK(self.shares.empty());
  CHECK(self.burned == 1000);

  // No harmed party: everything after the reward is burned.
  SlashSplit no_harm = split_slash(1000, "did:cheat", std::string("did:wb"), std::nullopt, params);
  REQUIRE(no_harm.shares.size() == 1);
  CHECK(no_harm.burned == 800);
}

TEST_CASE("make_slash produces a ledger Slash with the split and disposition") {
  const auto params = default_economic_params();
  v1::Slash s = make_slash("did:e", v1::BOND_EXECUTOR, 500, "sha256:job", "wrong_result",
                           std::string("did:v1"), std::string("did:s"), params);
  CHECK(s.account() == "did:e");
  CHECK(s.amount() == 500);
  CHECK(s.disposition() == v1::SLASH_REDISTRIBUTE);
  REQUIRE(s.shares_size() == 2);
  CHECK(s.shares(0).amount() + s.shares(1).amount() <= 500);
  v1::Slash burn = make_slash("did:e", v1::BOND_EXECUTOR, 500, "sha256:job", "no_show",
                              std::nullopt, std::nullopt, params);
  CHECK(burn.disposition() == v1::SLASH_BURN);
  CHECK(burn.shares_size() == 0);
  // Slash.job_id is the ledger's bond slot: set for dispute bonds only; a role bond's slash
  // names the job in its reason.
  CHECK(s.job_id().empty());
  CHECK(s.reason() == "wrong_result (job sha256:job)");
  v1::Slash grief = make_slash("did:accuser", v1::BOND_DISPUTE, 20, "sha256:job", "griefing",
                               std::nullopt, std::string("did:e"), params);
  CHECK(grief.job_id() == "sha256:job");
  CHECK(grief.reason() == "griefing");
  CHECK(grief.shares(0).to() == "did:e");
}

TEST_CASE("regeneration: only bonded accounts, bounded by rate and cap") {
  const auto params = default_economic_params();      // 10/period, cap 1000, bond 10000
  CHECK(regeneration_amount(0, 9'999, params) == 0);  // not bonded enough: a free sybil gets 0
  CHECK(regeneration_amount(0, 10'000, params) == 10);
  CHECK(regeneration_amount(995, 10'000, params) == 5);  // stops exactly at the cap
  CHECK(regeneration_amount(1000, 10'000, params) == 0);
  CHECK(regeneration_amount(5000, 50'000, params) == 0);  // above the cap: nothing
  CHECK(regeneration_period_index(3'600'000 * 5 + 1, params) == 5);
}

TEST_CASE("regeneration anti-sybil: one identity's bond takes 1000 periods to pay back") {
  const auto params = default_economic_params();
  CHECK(regeneration_payback_periods(params) == 1000);
  // An identity regenerates at most regen_per_period per period whatever its bond, so N
  // identities need N * regen_min_bond locked: the yield per locked mana is 0.1% per hour.
  const std::uint64_t identities = 10;
  const std::uint64_t capital_locked = identities * params.regen_min_bond();
  const std::uint64_t yield_per_period = identities * regeneration_amount(0, 10'000, params);
  CHECK(yield_per_period * 1000 == capital_locked);
  // The unbonding delay (168 periods) returns far less than the bond.
  CHECK(params.regen_per_period() * (params.unbonding_delay_ms() / params.regen_period_ms()) <
        params.regen_min_bond());
}

TEST_CASE("detection probability with k sampled validators and a colluding share") {
  CHECK(detection_probability_ppm(0, 3333) == 0);
  CHECK(detection_probability_ppm(1, 3333) == 666'700);
  // 1 - 0.3333^3 = 0.962974..., rounded down.
  CHECK(detection_probability_ppm(3, 3333) == 962'974);
  CHECK(detection_probability_ppm(5, 0) == 1'000'000);
  CHECK(detection_probability_ppm(5, 10000) == 0);
  CHECK(detection_probability_ppm(5, 3333) > detection_probability_ppm(3, 3333));
}

TEST_CASE("deterrence: expected slash must exceed the price") {
  const auto params = default_economic_params();
  const std::uint32_t p = detection_probability_ppm(3, 3333);
  // Bond 1000: slash 500, expected 481.48...
  CHECK(cheating_unprofitable(params, 100, 1000, p));
  CHECK(cheating_unprofitable(params, 481, 1000, p));
  CHECK_FALSE(cheating_unprofitable(params, 482, 1000, p));
  CHECK(max_deterred_price(params, 1000, p) == 481);
  // Exact boundary: slash 500 with certain detection deters prices below 500 only.
  CHECK(cheating_unprofitable(params, 499, 1000, 1'000'000));
  CHECK_FALSE(cheating_unprofitable(params, 500, 1000, 1'000'000));
  CHECK(max_deterred_price(params, 1000, 1'000'000) == 499);
  // A price-2000 job needs a bond of at least 4154 (docs/economics.md).
  CHECK(cheating_unprofitable(params, 2000, 4154, p));
  CHECK_FALSE(cheating_unprofitable(params, 2000, 4153, p));
  // Without detection nothing deters.
  CHECK_FALSE(cheating_unprofitable(params, 1, 1'000'000, 0));
  CHECK(max_deterred_price(params, 1000, 0) == 0);
}

TEST_CASE("validators_for: the spec's k, or the default when it asks for 0") {
  const auto params = default_economic_params();
  v1::JobSpec spec;
  CHECK(validators_for(spec, params) == 3);
  spec.mutable_validation()->set_validators(5);
  CHECK(validators_for(spec, params) == 5);
}
