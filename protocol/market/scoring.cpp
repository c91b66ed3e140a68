#include "protocol/market/scoring.hpp"

#include <algorithm>

#include "protocol/economics/fixed_point.hpp"
#include "protocol/wire/canonical.hpp"

namespace icn::market {

using economics::kPpbOne;
using economics::mul_div_floor;
__extension__ typedef unsigned __int128 U128;

std::uint64_t price_term(std::uint64_t price, std::uint64_t max_price) {
  if (max_price == 0) return price == 0 ? kPpbOne : 0;
  if (price >= max_price) return 0;
  return mul_div_floor(max_price - price, kPpbOne, max_price);
}

std::uint64_t reputation_term(std::uint32_t reputation_ppm) {
  return std::min<std::uint64_t>(reputation_ppm, economics::kPpmOne) * 1000;
}

namespace {
// min(offer / need, 1) in ppb; a resource the job does not need fits fully.
std::uint64_t fit(std::uint64_t need, std::uint64_t offer) {
  if (need == 0 || offer >= need) return kPpbOne;
  return mul_div_floor(offer, kPpbOne, need);
}
}  // namespace

std::uint64_t resource_fit_term(const v1::Resources& need, const v1::Resources& offer) {
  const std::uint64_t sum = fit(need.cpu_millicores(), offer.cpu_millicores()) +
                            fit(need.memory_bytes(), offer.memory_bytes()) +
                            fit(need.storage_bytes(), offer.storage_bytes());
  return sum / 3;
}

std::uint64_t latency_term(std::uint32_t latency_ms, std::uint32_t latency_reference_ms) {
  const std::uint64_t denominator = std::uint64_t{latency_reference_ms} + latency_ms;
  if (denominator == 0) return kPpbOne;  // reference 0 and latency 0
  return mul_div_floor(latency_reference_ms, kPpbOne, denominator);
}

std::uint64_t bond_term(std::uint64_t bond, std::uint64_t bond_reference) {
  if (bond == 0 && bond_reference == 0) return kPpbOne;
  const U128 denominator = static_cast<U128>(bond) + bond_reference;  // cannot overflow
  return static_cast<std::uint64_t>(static_cast<U128>(bond) * kPpbOne / denominator);
}

BidScore score_bid(const v1::JobSpec& spec, const v1::Bid& bid, std::uint32_t reputation_ppm,
                   const v1::EconomicParams& params) {
  BidScore s;
  s.price = price_term(bid.price(), spec.payment().max_price());
  s.reputation = reputation_term(reputation_ppm);
  s.resource_fit = resource_fit_term(spec.resources(), bid.offered());
  s.latency = latency_term(bid.latency_ms(), params.latency_reference_ms());
  s.bond = bond_term(bid.bond(), params.bond_reference());
  const auto& w = params.bid_weights();
  const std::uint64_t weight_sum = std::uint64_t{w.price_bp()} + w.reputation_bp() +
                                   w.resource_fit_bp() + w.latency_bp() + w.bond_bp();
  if (weight_sum == 0) return s;
  // 128-bit: each product is below 2^32 * 1e9, and their sum below 2^65.
  const U128 weighted = static_cast<U128>(w.price_bp()) * s.price +
                        static_cast<U128>(w.reputation_bp()) * s.reputation +
                        static_cast<U128>(w.resource_fit_bp()) * s.resource_fit +
                        static_cast<U128>(w.latency_bp()) * s.latency +
                        static_cast<U128>(w.bond_bp()) * s.bond;
  s.total = static_cast<std::uint64_t>(weighted / weight_sum);  // a weighted mean: <= 1e9
  return s;
}

bool ranks_before(const v1::Bid& a, const BidScore& score_a, const v1::Bid& b,
                  const BidScore& score_b) {
  if (score_a.total != score_b.total) return score_a.total > score_b.total;
  if (a.price() != b.price()) return a.price() < b.price();
  if (a.bond() != b.bond()) return a.bond() > b.bond();
  if (a.executor() != b.executor()) return a.executor() < b.executor();
  return deterministic_bytes(a) < deterministic_bytes(b);
}

}  // namespace icn::market
