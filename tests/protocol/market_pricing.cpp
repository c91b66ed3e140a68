// Executor bid pricing policy (protocol/market/pricing.hpp).
#include <doctest/doctest.h>

#include "market_test_util.hpp"
#include "protocol/economics/params.hpp"
#include "protocol/market/pricing.hpp"

using namespace icn;
using namespace icn::market;
using namespace market_test;

TEST_CASE("cpu seconds estimate: wall time x max(cores, 1), at least 1") {
  auto spec = make_spec();  // 1000 millicores, 10 s
  CHECK(estimate_cpu_seconds(spec) == 10);
  spec.mutable_resources()->set_cpu_millicores(2500);
  CHECK(estimate_cpu_seconds(spec) == 25);
  spec.mutable_resources()->set_cpu_millicores(100);  // a fraction of a core counts as one
  CHECK(estimate_cpu_seconds(spec) == 10);
  spec.mutable_resources()->set_max_wall_time_ms(1);
  CHECK(estimate_cpu_seconds(spec) == 1);
  spec.mutable_resources()->set_max_wall_time_ms(0);
  CHECK(estimate_cpu_seconds(spec) == 1);
}

TEST_CASE("bid price = cost x (1 + margin), capped at max_price") {
  const auto params = economics::default_economic_params();
  const CostModel model = cost_model_from(params);  // 1 per cpu second, 20% margin
  CHECK(model.cost_per_cpu_second == 1);
  CHECK(model.margin_bp == 2000);
  auto spec = make_spec(100);
  BidPrice p = price_bid(spec, model, params);
  CHECK(p.bid);
  CHECK(p.cost == 10);
  CHECK(p.price == 12);
  spec.mutable_payment()->set_max_price(11);  // margin squeezed by the budget
  p = price_bid(spec, model, params);
  CHECK(p.bid);
  CHECK(p.price == 11);
  CostModel odd{3, 3333};  // 30 * 1.3333 = 39.999 -> rounded up to 40
  spec.mutable_payment()->set_max_price(100);
  CHECK(price_bid(spec, odd, params).price == 40);
}

TEST_CASE("no bid when the job cannot pay its cost") {
  const auto params = economics::default_economic_params();
  auto spec = make_spec(9);  // cost 10
  BidPrice p = price_bid(spec, cost_model_from(params), params);
  CHECK_FALSE(p.bid);
  CHECK(p.cost == 10);
  CHECK(p.reason.find("below the cost") != std::string::npos);
  spec.mutable_payment()->set_max_price(10);  // exactly the cost: bid at cost
  p = price_bid(spec, cost_model_from(params), params);
  CHECK(p.bid);
  CHECK(p.price == 10);
  CostModel free_model{0, 2000};  // cost is at least 1
  CHECK(price_bid(make_spec(0), free_model, params).bid == false);
}
