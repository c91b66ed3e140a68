// Economic parameters: defaults, partial files, text parsing, validation.
#include <doctest/doctest.h>

#include <google/protobuf/descriptor.h>

#include "protocol/economics/params.hpp"
#include "protocol/economics/rules.hpp"

using namespace icn;
using namespace icn::economics;

TEST_CASE("every field of EconomicParams has a default") {
  const v1::EconomicParams defaults = default_economic_params();
  const auto* descriptor = defaults.GetDescriptor();
  const auto* reflection = defaults.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    INFO(field->name());
    CHECK(reflection->HasField(defaults, field));
  }
  const auto& w = defaults.bid_weights();
  const auto* wd = w.GetDescriptor();
  for (int i = 0; i < wd->field_count(); ++i) {
    INFO(wd->field(i)->name());
    CHECK(w.GetReflection()->HasField(w, wd->field(i)));
  }
}

TEST_CASE("the defaults are valid and raise no warning") {
  auto warnings = validate_params(default_economic_params());
  REQUIRE(warnings);
  CHECK(warnings->empty());
}

TEST_CASE("with_defaults fills unset fields and keeps explicit values, zeros included") {
  v1::EconomicParams partial;
  partial.set_slash_no_show_bp(0);  // explicit zero: no slash for no-shows
  partial.set_executor_min_bond(7777);
  partial.mutable_bid_weights()->set_price_bp(9000);
  const v1::EconomicParams p = with_defaults(partial);
  const v1::EconomicParams d = default_economic_params();
  CHECK(p.slash_no_show_bp() == 0);
  CHECK(p.executor_min_bond() == 7777);
  CHECK(p.bid_weights().price_bp() == 9000);
  CHECK(p.bid_weights().reputation_bp() == d.bid_weights().reputation_bp());
  CHECK(p.regen_cap() == d.regen_cap());
  CHECK(p.slash_wrong_result_bp() == d.slash_wrong_result_bp());
  // An empty message becomes exactly the defaults.
  CHECK(with_defaults(v1::EconomicParams()).SerializeAsString() == d.SerializeAsString());
}

TEST_CASE("parse_economic_params_text: names only what changes") {
  auto parsed = parse_economic_params_text(
      "# a scenario's economics\n"
      "slash_wrong_result_bp: 8000\n"
      "min_bids: 0\n"
      "bid_weights { reputation_bp: 1000 }\n");
  REQUIRE(parsed);
  CHECK(parsed->slash_wrong_result_bp() == 8000);
  CHECK(parsed->min_bids() == 0);
  CHECK(parsed->bid_weights().reputation_bp() == 1000);
  CHECK(parsed->bid_weights().price_bp() == default_economic_params().bid_weights().price_bp());
  CHECK(parsed->regen_per_period() == default_economic_params().regen_per_period());
  auto empty = parse_economic_params_text("");
  REQUIRE(empty);
  CHECK(empty->executor_min_bond() == default_economic_params().executor_min_bond());
}

TEST_CASE("parse errors say where") {
  auto bad = parse_economic_params_text("regen_cap: 5\nno_such_field: 3\n");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "parse");
  CHECK(bad.error().message.find("line 2") != std::string::npos);
  CHECK(bad.error().message.find("no_such_field") != std::string::npos);
  auto negative = parse_economic_params_text("regen_cap: -1\n");
  REQUIRE_FALSE(negative);
  CHECK(negative.error().code == "parse");
}

TEST_CASE("parse rejects invalid values with the field's name") {
  auto bad = parse_economic_params_text("whistleblower_reward_bp: 20000\n");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "invalid_params");
  CHECK(bad.error().message.find("whistleblower_reward_bp") != std::string::npos);
}

TEST_CASE("validate_params: hard errors") {
  auto check_error = [](v1::EconomicParams p, const std::string& field) {
    auto r = validate_params(p);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "invalid_params");
    CHECK(r.error().message.find(field) != std::string::npos);
  };
  auto p = default_economic_params();
  p.set_slash_griefing_bp(10001);
  check_error(p, "slash_griefing_bp");
  p = default_economic_params();
  p.mutable_bid_weights()->set_latency_bp(10001);
  check_error(p, "bid_weights.latency_bp");
  p = default_economic_params();
  p.set_arbiter_fee_bp_of_reserve(10001);
  check_error(p, "arbiter_fee_bp_of_reserve");
  p = default_economic_params();
  p.set_reputation_prior_bp(10001);
  check_error(p, "reputation_prior_bp");
  p = default_economic_params();
  {
    auto* w = p.mutable_bid_weights();
    w->set_price_bp(0);
    w->set_reputation_bp(0);
    w->set_resource_fit_bp(0);
    w->set_latency_bp(0);
    w->set_bond_bp(0);
  }
  check_error(p, "bid_weights");
  p = default_economic_params();
  p.set_regen_period_ms(0);
  check_error(p, "regen_period_ms");
  p = default_economic_params();
  p.set_reputation_half_life_ms(0);
  check_error(p, "reputation_half_life_ms");
  p = default_economic_params();
  p.set_slash_wrong_result_bp(0);
  check_error(p, "slash_wrong_result_bp");
  p = default_economic_params();
  p.set_whistleblower_reward_bp(10000);
  check_error(p, "whistleblower_reward_bp");
  p = default_economic_params();
  p.set_reputation_failure_step_bp(500);
  check_error(p, "reputation_failure_step_bp");
  // The dispute bond may exceed the price: 30000 bp is legal.
  p = default_economic_params();
  p.set_dispute_bond_bp_of_price(30000);
  CHECK(validate_params(p));
}

TEST_CASE("validate_params warns when cheating pays at the minimum bond") {
  auto p = default_economic_params();
  p.set_slash_wrong_result_bp(500);  // slash 50 of 1000: expected 48 < price 100
  auto r = validate_params(p);
  REQUIRE(r);
  REQUIRE(r->size() == 1);
  CHECK((*r)[0].find("cheating is profitable") != std::string::npos);
  p = default_economic_params();
  p.set_validator_sample_k(0);  // nothing detects
  r = validate_params(p);
  REQUIRE(r);
  CHECK(r->size() == 1);
}

TEST_CASE("validate_params warns about sybil-farmable regeneration") {
  auto p = default_economic_params();
  p.set_regen_min_bond(0);
  auto r = validate_params(p);
  REQUIRE(r);
  REQUIRE_FALSE(r->empty());
  CHECK((*r)[0].find("sybil") != std::string::npos);
  p = default_economic_params();
  p.set_regen_per_period(100);  // pays back 10000 in 100 periods < 168 (unbonding delay)
  r = validate_params(p);
  REQUIRE(r);
  REQUIRE(r->size() == 1);
  CHECK((*r)[0].find("unbonding delay") != std::string::npos);
}
