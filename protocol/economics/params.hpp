#pragma once
// Economic parameters: defaults, partial files, validation (docs/economics.md, "Parameters").
// Pure: no I/O; callers read files and pass the text.
#include <string>
#include <string_view>
#include <vector>

#include "proto/economics.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/wire/text_input.hpp"

namespace icn::economics {

namespace v1 = icnmesh::v1;

/// 10000 basis points = 1.0.
inline constexpr std::uint64_t kBasisPoints = 10000;

/// A parameter file: a few dozen numbers.
inline constexpr TextBounds kEconomicParamsBounds{"parameter file", 1u << 20};

/// Every field of v1::EconomicParams set to its documented default (docs/economics.md table).
v1::EconomicParams default_economic_params();

/// `partial` with every field that is NOT SET (proto3 presence) taken from the defaults;
/// explicitly set fields, including explicit zeros, are kept. bid_weights is merged per weight.
v1::EconomicParams with_defaults(const v1::EconomicParams& partial);

/// Parses Protobuf text format ("slash_no_show_bp: 500\nbid_weights { price_bp: 6000 }"),
/// applies with_defaults and validate_params. Errors name the line and column ("parse") or
/// the offending field ("invalid_params").
Expected<v1::EconomicParams> parse_economic_params_text(std::string_view text);

/// Hard checks (error "invalid_params" naming the field): every field within its declared
/// limit (economics.proto, protocol/wire/field_limits.hpp), every *_bp share <= 10000, the
/// sum of bid weights > 0, regen_period_ms > 0, reputation_half_life_ms > 0,
/// slash_wrong_result_bp > 0, whistleblower_reward_bp < 10000 (self-reporting must lose
/// money), reputation failure step >= success step (asymmetric).
/// On success returns warnings (possibly none) for economically weak but legal settings:
/// cheating is profitable at executor_min_bond and deterrence_reference_price with
/// validator_sample_k validators, regeneration without a bond, or a regeneration bond that
/// pays itself back within the unbonding delay.
Expected<std::vector<std::string>> validate_params(const v1::EconomicParams& params);

}  // namespace icn::economics
