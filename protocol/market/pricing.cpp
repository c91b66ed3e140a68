#include "protocol/market/pricing.hpp"

#include <algorithm>

#include "protocol/economics/fixed_point.hpp"

namespace icn::market {

CostModel cost_model_from(const v1::EconomicParams& params) {
  return CostModel{params.executor_cost_per_cpu_second(), params.executor_margin_bp()};
}

std::uint64_t estimate_cpu_seconds(const v1::JobSpec& spec) {
  const auto& r = spec.resources();
  // A job may keep max(cpu_millicores, one core) busy for its whole wall-time limit.
  const std::uint64_t millicores = std::max<std::uint64_t>(r.cpu_millicores(), 1000);
  const std::uint64_t cpu_ms = economics::mul_div_ceil(r.max_wall_time_ms(), millicores, 1000);
  return std::max<std::uint64_t>(1, economics::mul_div_ceil(cpu_ms, 1, 1000));
}

BidPrice price_bid(const v1::JobSpec& spec, const CostModel& cost_model,
                   const v1::EconomicParams& /*params*/) {
  BidPrice result;
  result.cost = std::max<std::uint64_t>(
      1, economics::mul_div_ceil(estimate_cpu_seconds(spec), cost_model.cost_per_cpu_second, 1));
  const std::uint64_t max_price = spec.payment().max_price();
  if (max_price < result.cost) {
    result.reason = "max_price " + std::to_string(max_price) + " is below the cost " +
                    std::to_string(result.cost);
    return result;
  }
  const std::uint64_t asked =
      economics::mul_div_ceil(result.cost, 10000 + std::uint64_t{cost_model.margin_bp}, 10000);
  result.bid = true;
  result.price = std::min(asked, max_price);
  return result;
}

}  // namespace icn::market
