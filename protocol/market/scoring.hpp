#pragma once
// Bid scoring: every term normalized to [0,1] as integer parts per billion, combined with
// the configurable BidWeights (docs/economics.md, "Bid score"). Integer arithmetic only, so
// every node ranks the same bids the same way.
#include <cstdint>

#include "proto/economics.pb.h"
#include "proto/job.pb.h"
#include "proto/market.pb.h"

namespace icn::market {

namespace v1 = icnmesh::v1;

/// Each term and the total, in parts per billion (1'000'000'000 = 1.0).
struct BidScore {
  std::uint64_t price = 0;
  std::uint64_t reputation = 0;
  std::uint64_t resource_fit = 0;
  std::uint64_t latency = 0;
  std::uint64_t bond = 0;
  std::uint64_t total = 0;  ///< sum(weight_i * term_i) / sum(weight_i)
};

/// Price term: 1 - price / max_price (1 when max_price is 0 and price 0; 0 when price >=
/// max_price; bids above max_price are filtered before scoring).
std::uint64_t price_term(std::uint64_t price, std::uint64_t max_price);

/// Reputation term: the reputation itself (ppm, clamped to 1.0), scaled to ppb.
std::uint64_t reputation_term(std::uint32_t reputation_ppm);

/// Resource-fit term: min(offer/need, 1) averaged over cpu, memory and storage (a resource
/// the job does not need counts as 1): offering more than the job needs earns nothing.
std::uint64_t resource_fit_term(const v1::Resources& need, const v1::Resources& offer);

/// Latency term: latency_reference_ms / (latency_reference_ms + latency_ms).
std::uint64_t latency_term(std::uint32_t latency_ms, std::uint32_t latency_reference_ms);

/// Bond term: bond / (bond + bond_reference) (1 when both are 0).
std::uint64_t bond_term(std::uint64_t bond, std::uint64_t bond_reference);

/// All terms and the weighted total for one bid (weights from params.bid_weights; a total
/// weight of 0 gives total 0).
BidScore score_bid(const v1::JobSpec& spec, const v1::Bid& bid, std::uint32_t reputation_ppm,
                   const v1::EconomicParams& params);

/// The ranking order: higher total first, then lower price, then higher bond, then the
/// lexicographically smaller executor DID, then the smaller deterministic bid bytes.
/// True when `a` ranks strictly before `b`.
bool ranks_before(const v1::Bid& a, const BidScore& score_a, const v1::Bid& b,
                  const BidScore& score_b);

}  // namespace icn::market
