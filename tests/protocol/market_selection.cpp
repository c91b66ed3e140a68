// Executor selection: every hard filter, diagnostics, one bid per executor.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "market_test_util.hpp"
#include "protocol/economics/params.hpp"
#include "protocol/market/selection.hpp"

using namespace icn;
using namespace icn::market;
using namespace market_test;

namespace {

// Selects among `good` (always qualifies) and `bad`; returns the rejection reason of `bad`.
BidRejection rejection_of(const v1::JobSpec& spec, const v1::Bid& bad,
                          const ReputationMap& reps = {}, UnixMs now = kNow) {
  const auto params = economics::default_economic_params();
  auto sel = select_executor(spec, {make_bid(spec, "did:good", 50), bad}, reps, params, now);
  REQUIRE(sel);
  REQUIRE(sel->winner);
  CHECK(sel->winner->executor() == "did:good");
  REQUIRE(sel->rejected.size() == 1);
  CHECK(sel->rejected[0].index == 1);
  CHECK(sel->rejected[0].executor == bad.executor());
  CHECK_FALSE(sel->rejected[0].detail.empty());
  return sel->rejected[0].reason;
}

}  // namespace

TEST_CASE("a qualifying bid wins, with its score and a ranking") {
  const auto params = economics::default_economic_params();
  const auto spec = make_spec();
  auto sel = select_executor(spec, {make_bid(spec, "did:a", 60), make_bid(spec, "did:b", 40)}, {},
                             params, kNow);
  REQUIRE(sel);
  REQUIRE(sel->winner);
  CHECK(sel->winner->executor() == "did:b");
  REQUIRE(sel->winner_score);
  CHECK(sel->winner_score->total == sel->ranking[0].score.total);
  CHECK(sel->ranking.size() == 2);
  CHECK(sel->rejected.empty());
  CHECK(sel->no_winner_reason.empty());
}

TEST_CASE("filter: bid for another job") {
  const auto spec = make_spec();
  auto bid = make_bid(spec, "did:bad", 10);
  bid.set_job_id("sha256:0000000000000000000000000000000000000000000000000000000000000000");
  CHECK(rejection_of(spec, bid) == BidRejection::kWrongJob);
}

TEST_CASE("filter: bid no longer valid at selection time") {
  const auto spec = make_spec();
  auto bid = make_bid(spec, "did:bad", 10);
  bid.set_valid_until_unix_ms(kNow - 1);
  CHECK(rejection_of(spec, bid) == BidRejection::kExpired);
  bid.set_valid_until_unix_ms(kNow);  // still valid at the instant itself
  const auto params = economics::default_economic_params();
  auto sel = select_executor(spec, {bid}, {}, params, kNow);
  REQUIRE(sel);
  CHECK(sel->winner);
}

TEST_CASE("filter: price above max_price") {
  const auto spec = make_spec(100);
  CHECK(rejection_of(spec, make_bid(spec, "did:bad", 101)) == BidRejection::kPriceAboveMax);
}

TEST_CASE("filter: reputation below the spec's minimum") {
  auto spec = make_spec();
  spec.mutable_placement()->set_min_reputation(0.6);
  // did:good has the prior 0.5 too, so give it a high reputation.
  ReputationMap reps = {{"did:good", 700'000}, {"did:bad", 599'999}};
  CHECK(rejection_of(spec, make_bid(spec, "did:bad", 10), reps) == BidRejection::kReputationTooLow);
  // Unknown executors have the prior (0.5) and are filtered too.
  CHECK(rejection_of(spec, make_bid(spec, "did:unknown", 10), {{"did:good", 700'000}}) ==
        BidRejection::kReputationTooLow);
  // Exactly the minimum qualifies.
  const auto params = economics::default_economic_params();
  auto sel = select_executor(spec, {make_bid(spec, "did:edge", 10)}, {{"did:edge", 600'000}},
                             params, kNow);
  REQUIRE(sel);
  CHECK(sel->winner);
}

TEST_CASE("filter: missing required capability") {
  auto spec = make_spec();
  spec.mutable_placement()->add_required_capabilities("sgx");
  spec.mutable_placement()->add_required_capabilities("avx2");
  auto good = make_bid(spec, "did:good", 50);
  good.add_capabilities("avx2");
  good.add_capabilities("sgx");
  auto bad = make_bid(spec, "did:bad", 10);
  bad.add_capabilities("avx2");
  const auto params = economics::default_economic_params();
  auto sel = select_executor(spec, {good, bad}, {}, params, kNow);
  REQUIRE(sel);
  REQUIRE(sel->winner);
  CHECK(sel->winner->executor() == "did:good");
  REQUIRE(sel->rejected.size() == 1);
  CHECK(sel->rejected[0].reason == BidRejection::kMissingCapability);
  CHECK(sel->rejected[0].detail.find("sgx") != std::string::npos);
}

TEST_CASE("filter: runtime not supported") {
  const auto spec = make_spec();
  auto bad = make_bid(spec, "did:bad", 10);
  bad.clear_runtimes();
  bad.add_runtimes(v1::RUNTIME_CONTAINER);
  CHECK(rejection_of(spec, bad) == BidRejection::kRuntimeUnsupported);
}

TEST_CASE("filter: federation not allowed") {
  auto spec = make_spec();
  spec.mutable_placement()->add_federations("fed-a");
  auto bad = make_bid(spec, "did:bad", 10);
  bad.set_federation("fed-b");
  CHECK(rejection_of(spec, bad) == BidRejection::kFederationNotAllowed);
}

TEST_CASE("filter: bond below max(spec minimum, protocol minimum)") {
  auto spec = make_spec();
  auto bad = make_bid(spec, "did:bad", 10);
  bad.set_bond(999);  // protocol minimum 1000
  CHECK(rejection_of(spec, bad) == BidRejection::kBondTooSmall);
  spec.mutable_placement()->set_min_executor_bond(1500);
  auto bad2 = make_bid(spec, "did:bad", 10);
  bad2.set_bond(1499);
  v1::Bid good = make_bid(spec, "did:good", 50);
  good.set_bond(1500);
  const auto params = economics::default_economic_params();
  auto sel = select_executor(spec, {good, bad2}, {}, params, kNow);
  REQUIRE(sel);
  REQUIRE(sel->winner);
  CHECK(sel->winner->executor() == "did:good");
  CHECK(sel->rejected[0].reason == BidRejection::kBondTooSmall);
}

TEST_CASE("filter: bond too small to make cheating unprofitable at this price") {
  const auto spec = make_spec(10'000);
  auto bad = make_bid(spec, "did:bad", 482);  // bond 1000 deters prices up to 481 with k = 3
  CHECK(rejection_of(spec, bad) == BidRejection::kBondDoesNotDeter);
  auto ok = make_bid(spec, "did:ok", 481);
  const auto params = economics::default_economic_params();
  auto sel = select_executor(spec, {ok}, {}, params, kNow);
  REQUIRE(sel);
  CHECK(sel->winner);
}

TEST_CASE("filter: offered resources below the need") {
  const auto spec = make_spec();
  auto cpu = make_bid(spec, "did:bad", 10);
  cpu.mutable_offered()->set_cpu_millicores(999);
  CHECK(rejection_of(spec, cpu) == BidRejection::kResourcesInsufficient);
  auto mem = make_bid(spec, "did:bad", 10);
  mem.mutable_offered()->set_memory_bytes(1);
  CHECK(rejection_of(spec, mem) == BidRejection::kResourcesInsufficient);
  auto disk = make_bid(spec, "did:bad", 10);
  disk.mutable_offered()->set_storage_bytes(0);
  CHECK(rejection_of(spec, disk) == BidRejection::kResourcesInsufficient);
  auto gpu_spec = make_spec();
  gpu_spec.mutable_resources()->set_gpus(1);
  auto gpu_good = make_bid(gpu_spec, "did:good", 50);
  auto no_gpu = make_bid(gpu_spec, "did:bad", 10);
  no_gpu.mutable_offered()->set_gpus(0);
  const auto params = economics::default_economic_params();
  auto sel = select_executor(gpu_spec, {gpu_good, no_gpu}, {}, params, kNow);
  REQUIRE(sel);
  CHECK(sel->rejected.at(0).reason == BidRejection::kResourcesInsufficient);
}

TEST_CASE("one bid per executor: its best one") {
  const auto params = economics::default_economic_params();
  const auto spec = make_spec();
  auto sel = select_executor(
      spec, {make_bid(spec, "did:a", 60), make_bid(spec, "did:a", 40), make_bid(spec, "did:b", 50)},
      {}, params, kNow);
  REQUIRE(sel);
  REQUIRE(sel->winner);
  CHECK(sel->winner->price() == 40);
  CHECK(sel->ranking.size() == 2);
  REQUIRE(sel->rejected.size() == 1);
  CHECK(sel->rejected[0].index == 0);
  CHECK(sel->rejected[0].reason == BidRejection::kDuplicateExecutor);
}

TEST_CASE("no winner: the reason lists every rejection") {
  const auto params = economics::default_economic_params();
  const auto spec = make_spec(100);
  auto none = select_executor(spec, {}, {}, params, kNow);
  REQUIRE(none);
  CHECK_FALSE(none->winner);
  CHECK(none->no_winner_reason == "no bids");
  auto expired = make_bid(spec, "did:c", 10);
  expired.set_valid_until_unix_ms(1);
  auto sel =
      select_executor(spec, {make_bid(spec, "did:a", 200), make_bid(spec, "did:b", 300), expired},
                      {}, params, kNow);
  REQUIRE(sel);
  CHECK_FALSE(sel->winner);
  CHECK(sel->ranking.empty());
  CHECK(sel->rejected.size() == 3);
  CHECK(sel->no_winner_reason == "no bid qualified: 1 expired, 2 price_above_max");
}

TEST_CASE("a spec whose minimum reputation is not a number in [0,1] is an error") {
  const auto params = economics::default_economic_params();
  for (double bad : {std::nan(""), -0.1, 1.5}) {
    auto spec = make_spec();
    spec.mutable_placement()->set_min_reputation(bad);
    auto sel = select_executor(spec, {make_bid(spec, "did:a", 10)}, {}, params, kNow);
    REQUIRE_FALSE(sel);
    CHECK(sel.error().code == "invalid_spec");
  }
}

TEST_CASE("rejection words are stable") {
  CHECK(std::string(to_string(BidRejection::kPriceAboveMax)) == "price_above_max");
  CHECK(std::string(to_string(BidRejection::kBondDoesNotDeter)) == "bond_does_not_deter");
  CHECK(std::string(to_string(BidRejection::kDuplicateExecutor)) == "duplicate_executor");
}
