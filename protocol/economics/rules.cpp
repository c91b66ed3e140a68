#include "protocol/economics/rules.hpp"

#include <algorithm>
#include <limits>

#include "protocol/economics/fixed_point.hpp"
#include "protocol/economics/params.hpp"

namespace icn::economics {

Expected<std::uint64_t> submitter_escrow(const v1::Payment& payment) {
  auto with_fees = checked_add(payment.max_price(), payment.validator_fee_budget());
  auto total = with_fees ? checked_add(*with_fees, payment.dispute_reserve()) : std::nullopt;
  if (!total) {
    return fail("overflow",
                "payment: max_price + validator_fee_budget + dispute_reserve exceeds 2^64-1");
  }
  return *total;
}

Expected<JobResult> job_result_from(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_RESULT_CORRECT:
      return JobResult::kAccepted;
    case v1::OUTCOME_RESULT_WRONG:
      return JobResult::kRejected;
    case v1::OUTCOME_INCONCLUSIVE:
      return JobResult::kInconclusive;
    default:
      return fail("invalid_outcome", "outcome is unspecified; a verdict must decide");
  }
}

FeeSplit validator_fee_split(std::uint64_t fee_budget, std::size_t validators) {
  if (validators == 0) return FeeSplit{0, fee_budget};
  const std::uint64_t per = fee_budget / validators;
  return FeeSplit{per, fee_budget - per * validators};
}

std::uint64_t arbiter_fee(std::uint64_t dispute_reserve, const v1::EconomicParams& params) {
  return bp_share(dispute_reserve,
                  std::min<std::uint64_t>(params.arbiter_fee_bp_of_reserve(), kBasisPoints));
}

Expected<std::vector<v1::Payout>> settle_escrow(const SettlementInput& input,
                                                const v1::EconomicParams& params) {
  if (input.payer.empty()) return fail("invalid_settlement", "settlement: payer is empty");
  const v1::Payment& pay = input.payment;
  auto needed = submitter_escrow(pay);
  if (!needed) return tl::unexpected(needed.error());
  if (input.escrow < *needed) {
    return fail("escrow_short",
                "settlement: escrow " + std::to_string(input.escrow) +
                    " is below max_price + fee budget + reserve = " + std::to_string(*needed));
  }
  const bool pays_executor = input.result == JobResult::kAccepted;
  if (pays_executor && input.executor.empty()) {
    return fail("invalid_settlement", "settlement: accepted result without an executor");
  }
  if (pays_executor && input.accepted_price > pay.max_price()) {
    return fail("price_above_max", "settlement: accepted price " +
                                       std::to_string(input.accepted_price) +
                                       " exceeds max_price " + std::to_string(pay.max_price()));
  }

  std::vector<v1::Payout> payouts;
  auto add = [&payouts](const std::string& to, std::uint64_t amount, v1::ReleaseKind kind) {
    if (amount == 0) return;
    v1::Payout p;
    p.set_to(to);
    p.set_amount(amount);
    p.set_kind(kind);
    payouts.push_back(std::move(p));
  };
  std::uint64_t paid = 0;  // never exceeds escrow: each part is capped by its budget

  if (pays_executor) {
    add(input.executor, input.accepted_price, v1::RELEASE_EXECUTOR_PAYMENT);
    paid += input.accepted_price;
  }
  // Validators are paid only when they did work toward a decided (or inconclusive) result.
  if (input.result != JobResult::kNotDelivered) {
    std::vector<std::string> validators = input.validators_with_outcome;
    std::sort(validators.begin(), validators.end());
    validators.erase(std::unique(validators.begin(), validators.end()), validators.end());
    validators.erase(std::remove(validators.begin(), validators.end(), std::string()),
                     validators.end());
    const FeeSplit split = validator_fee_split(pay.validator_fee_budget(), validators.size());
    for (const auto& v : validators) {
      add(v, split.per_validator, v1::RELEASE_VALIDATOR_FEE);
      paid += split.per_validator;
    }
  }
  if (input.arbiter && !input.arbiter->empty()) {
    const std::uint64_t fee = arbiter_fee(pay.dispute_reserve(), params);
    add(*input.arbiter, fee, v1::RELEASE_ARBITER_FEE);
    paid += fee;
  }
  add(input.payer, input.escrow - paid, v1::RELEASE_REFUND);
  return payouts;
}

namespace {
std::uint64_t bond_share(std::uint64_t bond, std::uint64_t bp) {
  return bp_share(bond, std::min<std::uint64_t>(bp, kBasisPoints));
}
}  // namespace

std::uint64_t slash_executor_wrong_result(std::uint64_t bond, const v1::EconomicParams& params) {
  return bond_share(bond, params.slash_wrong_result_bp());
}

std::uint64_t slash_executor_no_show(std::uint64_t bond, const v1::EconomicParams& params) {
  return bond_share(bond, params.slash_no_show_bp());
}

std::uint64_t slash_executor_resource_overuse(std::uint64_t bond,
                                              const v1::EconomicParams& params) {
  return bond_share(bond, params.slash_resource_overuse_bp());
}

std::uint64_t slash_validator_wrong_vote(std::uint64_t bond, const v1::EconomicParams& params) {
  return bond_share(bond, params.slash_validator_wrong_vote_bp());
}

std::uint64_t slash_validator_no_reveal(std::uint64_t bond, const v1::EconomicParams& params) {
  return bond_share(bond, params.slash_validator_no_reveal_bp());
}

std::uint64_t slash_griefing(std::uint64_t dispute_bond, const v1::EconomicParams& params) {
  return bond_share(dispute_bond, params.slash_griefing_bp());
}

std::uint64_t required_dispute_bond(std::uint64_t price, const v1::EconomicParams& params) {
  return std::max(params.dispute_min_bond(), bp_share(price, params.dispute_bond_bp_of_price()));
}

std::uint64_t required_executor_bond(const v1::JobSpec& spec, const v1::EconomicParams& params) {
  return std::max(spec.placement().min_executor_bond(), params.executor_min_bond());
}

SlashSplit split_slash(std::uint64_t amount, const std::string& slashed_account,
                       const std::optional<std::string>& whistleblower,
                       const std::optional<std::string>& harmed, const v1::EconomicParams& params) {
  SlashSplit split;
  auto add = [&split](const std::string& to, std::uint64_t share) {
    if (share == 0) return;
    v1::SlashShare s;
    s.set_to(to);
    s.set_amount(share);
    split.shares.push_back(std::move(s));
  };
  std::uint64_t rest = amount;
  if (whistleblower && !whistleblower->empty() && *whistleblower != slashed_account) {
    const std::uint64_t reward =
        bp_share(amount, std::min<std::uint64_t>(params.whistleblower_reward_bp(), kBasisPoints));
    add(*whistleblower, reward);
    rest -= reward;
  }
  if (harmed && !harmed->empty() && *harmed != slashed_account) {
    const std::uint64_t share =
        bp_share(rest, std::min<std::uint64_t>(params.slash_redistribute_bp(), kBasisPoints));
    add(*harmed, share);
    rest -= share;
  }
  split.burned = rest;
  return split;
}

v1::Slash make_slash(const std::string& account, v1::BondRole role, std::uint64_t amount,
                     const std::string& job_id, const std::string& reason,
                     const std::optional<std::string>& whistleblower,
                     const std::optional<std::string>& harmed, const v1::EconomicParams& params) {
  v1::Slash slash;
  slash.set_account(account);
  slash.set_role(role);
  slash.set_amount(amount);
  if (role == v1::BOND_DISPUTE) {
    slash.set_job_id(job_id);  // the ledger's bond slot
    slash.set_reason(reason);
  } else {
    slash.set_reason(job_id.empty() ? reason : reason + " (job " + job_id + ")");
  }
  SlashSplit split = split_slash(amount, account, whistleblower, harmed, params);
  slash.set_disposition(split.shares.empty() ? v1::SLASH_BURN : v1::SLASH_REDISTRIBUTE);
  for (auto& share : split.shares) *slash.add_shares() = std::move(share);
  return slash;
}

std::uint64_t regeneration_period_index(UnixMs now, const v1::EconomicParams& params) {
  if (params.regen_period_ms() == 0) return 0;
  return now / params.regen_period_ms();
}

std::uint64_t regeneration_amount(std::uint64_t free_balance, std::uint64_t bonded,
                                  const v1::EconomicParams& params) {
  if (bonded < params.regen_min_bond()) return 0;
  if (free_balance >= params.regen_cap()) return 0;
  return std::min(params.regen_per_period(), params.regen_cap() - free_balance);
}

std::uint64_t regeneration_payback_periods(const v1::EconomicParams& params) {
  if (params.regen_per_period() == 0) return std::numeric_limits<std::uint64_t>::max();
  return mul_div_ceil(params.regen_min_bond(), 1, params.regen_per_period());
}

std::uint32_t detection_probability_ppm(std::uint32_t k, std::uint32_t colluding_bp) {
  // all_colluding = (colluding_bp / 10000)^k in ppm, rounded UP so detection is rounded down.
  const std::uint64_t c = std::min<std::uint64_t>(colluding_bp, kBasisPoints);
  std::uint64_t all_colluding = kPpmOne;
  for (std::uint32_t i = 0; i < k && all_colluding > 0; ++i) {
    all_colluding = mul_div_ceil(all_colluding, c, kBasisPoints);
  }
  return static_cast<std::uint32_t>(kPpmOne - all_colluding);
}

bool cheating_unprofitable(const v1::EconomicParams& params, std::uint64_t price,
                           std::uint64_t bond, std::uint32_t detection_probability_ppm) {
  // expected slash = slash * p_ppm / 1e6 > price  <=>  slash * p_ppm > price * 1e6 (exact).
  __extension__ typedef unsigned __int128 U128;
  const std::uint64_t slash = slash_executor_wrong_result(bond, params);
  const std::uint64_t p = std::min<std::uint64_t>(detection_probability_ppm, kPpmOne);
  return static_cast<U128>(slash) * p > static_cast<U128>(price) * kPpmOne;
}

std::uint64_t max_deterred_price(const v1::EconomicParams& params, std::uint64_t bond,
                                 std::uint32_t detection_probability_ppm) {
  // Largest price with price * 1e6 < slash * p: ceil(slash * p / 1e6) - 1.
  const std::uint64_t slash = slash_executor_wrong_result(bond, params);
  const std::uint64_t p = std::min<std::uint64_t>(detection_probability_ppm, kPpmOne);
  const std::uint64_t bound = mul_div_ceil(slash, p, kPpmOne);
  return bound == 0 ? 0 : bound - 1;
}

std::uint32_t validators_for(const v1::JobSpec& spec, const v1::EconomicParams& params) {
  return spec.validation().validators() != 0 ? spec.validation().validators()
                                             : params.validator_sample_k();
}

}  // namespace icn::economics
