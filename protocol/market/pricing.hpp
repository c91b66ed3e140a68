#pragma once
// Executor-side bid pricing policy: cost plus margin, capped by the budget, and no bid when
// the job cannot pay its cost (docs/economics.md, "Bid pricing").
#include <cstdint>
#include <optional>
#include <string>

#include "proto/economics.pb.h"
#include "proto/job.pb.h"

namespace icn::market {

namespace v1 = icnmesh::v1;

/// An executor's cost model (defaults: params.executor_cost_per_cpu_second and
/// params.executor_margin_bp).
struct CostModel {
  std::uint64_t cost_per_cpu_second = 1;
  std::uint32_t margin_bp = 0;
};

CostModel cost_model_from(const v1::EconomicParams& params);

/// CPU seconds a job may use: ceil(max_wall_time_ms * max(cpu_millicores, 1000) / 1000 /
/// 1000), at least 1 (a job without limits counts as one CPU second).
std::uint64_t estimate_cpu_seconds(const v1::JobSpec& spec);

struct BidPrice {
  bool bid = false;         ///< false: do not bid
  std::uint64_t cost = 0;   ///< max(1, cpu seconds * cost per cpu second)
  std::uint64_t price = 0;  ///< min(cost * (1 + margin), max_price), when bid
  std::string reason;       ///< why not, when !bid
};

/// An executor asks cost * (10000 + margin_bp) / 10000 (rounded up), capped at
/// spec.payment.max_price, and does not bid when max_price is below its cost.
BidPrice price_bid(const v1::JobSpec& spec, const CostModel& cost_model,
                   const v1::EconomicParams& params);

}  // namespace icn::market
