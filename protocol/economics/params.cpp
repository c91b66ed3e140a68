#include "protocol/economics/params.hpp"

#include <google/protobuf/descriptor.h>

#include <string>

#include "protocol/economics/rules.hpp"
#include "protocol/wire/field_limits.hpp"
#include "protocol/wire/text_input.hpp"

namespace icn::economics {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Copies every field of `defaults` that `target` does not have (recursing into messages).
void fill_unset(Message& target, const Message& defaults) {
  const auto* descriptor = target.GetDescriptor();
  const auto* reflection = target.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) continue;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      fill_unset(*reflection->MutableMessage(&target, field),
                 defaults.GetReflection()->GetMessage(defaults, field));
      continue;
    }
    if (reflection->HasField(target, field)) continue;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_UINT32:
        reflection->SetUInt32(&target, field, defaults.GetReflection()->GetUInt32(defaults, field));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        reflection->SetUInt64(&target, field, defaults.GetReflection()->GetUInt64(defaults, field));
        break;
      default:
        break;  // the schema has only unsigned integers and messages
    }
  }
}

std::uint64_t unsigned_value(const Message& m, const FieldDescriptor* field) {
  const auto* reflection = m.GetReflection();
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32) return reflection->GetUInt32(m, field);
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_UINT64) return reflection->GetUInt64(m, field);
  return 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Every share in basis points must be at most 1.0, except the dispute bond, which may exceed
// the price.
Expected<void> check_shares(const Message& m, const std::string& prefix) {
  const auto* descriptor = m.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const std::string name = prefix + field->name();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      auto nested = check_shares(m.GetReflection()->GetMessage(m, field), name + ".");
      if (!nested) return nested;
      continue;
    }
    const bool is_share =
        ends_with(field->name(), "_bp") || field->name() == "arbiter_fee_bp_of_reserve";
    if (!is_share) continue;
    const std::uint64_t value = unsigned_value(m, field);
    if (value > kBasisPoints) {
      return fail("invalid_params", name + " is " + std::to_string(value) +
                                        " basis points; at most 10000 (= 1.0) is allowed");
    }
  }
  return {};
}

}  // namespace

v1::EconomicParams default_economic_params() {
  v1::EconomicParams p;
  // Ledger: 10 mana per hour up to 1000 free, only for accounts bonding >= 10000 (payback of
  // one identity's bond: 1000 hours, about 42 days; docs/economics.md, "Regeneration").
  p.set_regen_period_ms(3'600'000);
  p.set_regen_per_period(10);
  p.set_regen_cap(1'000);
  p.set_regen_min_bond(10'000);
  p.set_unbonding_delay_ms(7ULL * 24 * 3'600'000);
  // Bonds: the executor minimum deters cheating up to a price of 481 with k = 3.
  p.set_executor_min_bond(1'000);
  p.set_validator_min_bond(500);
  p.set_arbiter_min_bond(2'000);
  p.set_dispute_bond_bp_of_price(2'000);
  p.set_dispute_min_bond(20);
  // Slashes.
  p.set_slash_wrong_result_bp(5'000);
  p.set_slash_no_show_bp(1'000);
  p.set_slash_resource_overuse_bp(2'000);
  p.set_slash_validator_wrong_vote_bp(3'000);
  p.set_slash_validator_no_reveal_bp(1'000);
  p.set_slash_griefing_bp(10'000);
  p.set_whistleblower_reward_bp(2'000);
  p.set_slash_redistribute_bp(5'000);
  // Fees.
  p.set_arbiter_fee_bp_of_reserve(5'000);
  // Market: price outweighs reputation 5:2, so a full reputation swing is worth at most 40%
  // of the budget in price.
  auto* w = p.mutable_bid_weights();
  w->set_price_bp(5'000);
  w->set_reputation_bp(2'000);
  w->set_resource_fit_bp(1'000);
  w->set_latency_bp(1'000);
  w->set_bond_bp(1'000);
  p.set_min_bids(3);
  p.set_reputation_half_life_ms(30ULL * 24 * 3'600'000);
  p.set_reputation_prior_bp(5'000);
  p.set_latency_reference_ms(50);
  p.set_bond_reference(5'000);
  p.set_executor_margin_bp(2'000);
  p.set_executor_cost_per_cpu_second(1);
  // Reputation: one failure from 0.9 takes 17 successes to undo.
  p.set_reputation_success_step_bp(1'000);
  p.set_reputation_failure_step_bp(5'000);
  // Validation sampling and deterrence.
  p.set_validator_sample_k(3);
  p.set_assumed_colluding_validator_bp(3'333);
  p.set_deterrence_reference_price(100);
  return p;
}

v1::EconomicParams with_defaults(const v1::EconomicParams& partial) {
  v1::EconomicParams result = partial;
  fill_unset(result, default_economic_params());
  return result;
}

Expected<v1::EconomicParams> parse_economic_params_text(std::string_view text) {
  if (auto refused = check_text_bounds("", text, TextSyntax::kProtoText, kEconomicParamsBounds)) {
    return fail("parse", "economic parameters: line " + std::to_string(refused->line) +
                             ", column " + std::to_string(refused->col) + ": " + refused->message);
  }
  v1::EconomicParams partial;
  const auto parsed = parse_text_format(text, &partial, kEconomicParamsBounds);
  if (!parsed.ok) {
    std::string first = "unparsable text";
    for (const auto& e : parsed.issues) {
      if (!e.fatal) continue;
      first = "line " + std::to_string(e.line + 1) + ", column " + std::to_string(e.col + 1) +
              ": " + e.message;
      break;
    }
    return fail("parse", "economic parameters: " + first);
  }
  v1::EconomicParams params = with_defaults(partial);
  auto checked = validate_params(params);
  if (!checked) return tl::unexpected(checked.error());
  return params;
}

Expected<std::vector<std::string>> validate_params(const v1::EconomicParams& params) {
  // Declared limits first (economics.proto): the checks below multiply and add these values.
  if (auto limits = check_field_limits(params); !limits.empty()) {
    return fail("invalid_params", limits.front().field_path + ": " + limits.front().reason);
  }
  if (auto shares = check_shares(params, ""); !shares) return tl::unexpected(shares.error());
  const auto& w = params.bid_weights();
  if (std::uint64_t{w.price_bp()} + w.reputation_bp() + w.resource_fit_bp() + w.latency_bp() +
          w.bond_bp() ==
      0) {
    return fail("invalid_params", "bid_weights: all weights are 0; at least one must be positive");
  }
  if (params.regen_period_ms() == 0) {
    return fail("invalid_params", "regen_period_ms is 0; a regeneration period must be positive");
  }
  if (params.reputation_half_life_ms() == 0) {
    return fail("invalid_params", "reputation_half_life_ms is 0; the half-life must be positive");
  }
  if (params.slash_wrong_result_bp() == 0) {
    return fail("invalid_params",
                "slash_wrong_result_bp is 0: a wrong result would cost nothing, so cheating pays");
  }
  if (params.whistleblower_reward_bp() >= kBasisPoints) {
    return fail("invalid_params",
                "whistleblower_reward_bp is " + std::to_string(params.whistleblower_reward_bp()) +
                    "; it must be below 10000 or reporting oneself would cost nothing");
  }
  if (params.reputation_failure_step_bp() < params.reputation_success_step_bp()) {
    return fail("invalid_params",
                "reputation_failure_step_bp (" +
                    std::to_string(params.reputation_failure_step_bp()) +
                    ") is below reputation_success_step_bp (" +
                    std::to_string(params.reputation_success_step_bp()) +
                    "); a failure must cost more reputation than a success earns");
  }
  std::vector<std::string> warnings;
  const std::uint32_t p = detection_probability_ppm(params.validator_sample_k(),
                                                    params.assumed_colluding_validator_bp());
  if (!cheating_unprofitable(params, params.deterrence_reference_price(),
                             params.executor_min_bond(), p)) {
    warnings.push_back("cheating is profitable: at executor_min_bond " +
                       std::to_string(params.executor_min_bond()) + " and price " +
                       std::to_string(params.deterrence_reference_price()) +
                       " with k=" + std::to_string(params.validator_sample_k()) +
                       " the expected slash is below the price " + "(largest deterred price: " +
                       std::to_string(max_deterred_price(params, params.executor_min_bond(), p)) +
                       ")");
  }
  if (params.regen_per_period() > 0 && params.regen_min_bond() == 0) {
    warnings.push_back(
        "regen_min_bond is 0: every new identity regenerates for free (sybil farming)");
  }
  const std::uint64_t delay_periods = params.unbonding_delay_ms() / params.regen_period_ms();
  if (params.regen_per_period() > 0 && params.regen_min_bond() > 0 &&
      regeneration_payback_periods(params) <= delay_periods) {
    warnings.push_back("regeneration pays back regen_min_bond (" +
                       std::to_string(regeneration_payback_periods(params)) +
                       " periods) within the unbonding delay (" + std::to_string(delay_periods) +
                       " periods)");
  }
  return warnings;
}

}  // namespace icn::economics
