#include "protocol/market/selection.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "protocol/economics/fixed_point.hpp"
#include "protocol/economics/params.hpp"
#include "protocol/economics/rules.hpp"
#include "protocol/job/job_id.hpp"

namespace icn::market {

const char* to_string(BidRejection reason) {
  switch (reason) {
    case BidRejection::kWrongJob:
      return "wrong_job";
    case BidRejection::kExpired:
      return "expired";
    case BidRejection::kPriceAboveMax:
      return "price_above_max";
    case BidRejection::kReputationTooLow:
      return "reputation_too_low";
    case BidRejection::kMissingCapability:
      return "missing_capability";
    case BidRejection::kRuntimeUnsupported:
      return "runtime_unsupported";
    case BidRejection::kFederationNotAllowed:
      return "federation_not_allowed";
    case BidRejection::kBondTooSmall:
      return "bond_too_small";
    case BidRejection::kBondDoesNotDeter:
      return "bond_does_not_deter";
    case BidRejection::kResourcesInsufficient:
      return "resources_insufficient";
    case BidRejection::kDuplicateExecutor:
      return "duplicate_executor";
  }
  return "unknown";
}

namespace {

// spec.placement.min_reputation in ppm; nullopt when it is not a number in [0,1].
// (IEEE multiplication and rounding are exact-deterministic on every conforming platform.)
std::optional<std::uint32_t> min_reputation_ppm(const v1::JobSpec& spec) {
  const double r = spec.placement().min_reputation();
  if (!(r >= 0.0 && r <= 1.0)) return std::nullopt;
  return static_cast<std::uint32_t>(std::llround(r * economics::kPpmOne));
}

RejectedBid reject(std::size_t index, const v1::Bid& bid, BidRejection reason, std::string detail) {
  return RejectedBid{index, bid.executor(), reason, std::move(detail)};
}

std::optional<std::string> resource_shortfall(const v1::Resources& need,
                                              const v1::Resources& offer) {
  if (offer.cpu_millicores() < need.cpu_millicores()) {
    return "cpu_millicores " + std::to_string(offer.cpu_millicores()) + " < " +
           std::to_string(need.cpu_millicores());
  }
  if (offer.memory_bytes() < need.memory_bytes()) {
    return "memory_bytes " + std::to_string(offer.memory_bytes()) + " < " +
           std::to_string(need.memory_bytes());
  }
  if (offer.storage_bytes() < need.storage_bytes()) {
    return "storage_bytes " + std::to_string(offer.storage_bytes()) + " < " +
           std::to_string(need.storage_bytes());
  }
  if (offer.gpus() < need.gpus()) {
    return "gpus " + std::to_string(offer.gpus()) + " < " + std::to_string(need.gpus());
  }
  return std::nullopt;
}

}  // namespace

std::optional<RejectedBid> check_bid(const v1::JobSpec& spec, const std::string& job_id,
                                     const v1::Bid& bid, std::uint32_t reputation_ppm,
                                     const v1::EconomicParams& params, UnixMs now) {
  const std::size_t i = 0;  // select_executor fills in the real index
  if (bid.job_id() != job_id) {
    return reject(i, bid, BidRejection::kWrongJob,
                  "bid is for job " + bid.job_id() + ", not " + job_id);
  }
  if (bid.valid_until_unix_ms() < now) {
    return reject(i, bid, BidRejection::kExpired,
                  "valid until " + std::to_string(bid.valid_until_unix_ms()) + " < now " +
                      std::to_string(now));
  }
  if (bid.price() > spec.payment().max_price()) {
    return reject(i, bid, BidRejection::kPriceAboveMax,
                  "price " + std::to_string(bid.price()) + " > max_price " +
                      std::to_string(spec.payment().max_price()));
  }
  const auto min_rep = min_reputation_ppm(spec);
  if (min_rep && reputation_ppm < *min_rep) {
    return reject(i, bid, BidRejection::kReputationTooLow,
                  "reputation " + std::to_string(reputation_ppm) + " ppm < minimum " +
                      std::to_string(*min_rep) + " ppm");
  }
  for (const auto& needed : spec.placement().required_capabilities()) {
    const auto& offered = bid.capabilities();
    if (std::find(offered.begin(), offered.end(), needed) == offered.end()) {
      return reject(i, bid, BidRejection::kMissingCapability,
                    "capability '" + needed + "' missing");
    }
  }
  {
    const auto& runtimes = bid.runtimes();
    const int kind = spec.runtime().kind();
    if (std::find(runtimes.begin(), runtimes.end(), kind) == runtimes.end()) {
      return reject(i, bid, BidRejection::kRuntimeUnsupported,
                    "runtime " + v1::RuntimeKind_Name(spec.runtime().kind()) + " not offered");
    }
  }
  const auto& federations = spec.placement().federations();
  if (!federations.empty() &&
      std::find(federations.begin(), federations.end(), bid.federation()) == federations.end()) {
    return reject(i, bid, BidRejection::kFederationNotAllowed,
                  "federation '" + bid.federation() + "' not allowed");
  }
  const std::uint64_t bond_needed = economics::required_executor_bond(spec, params);
  if (bid.bond() < bond_needed) {
    return reject(
        i, bid, BidRejection::kBondTooSmall,
        "bond " + std::to_string(bid.bond()) + " < required " + std::to_string(bond_needed));
  }
  const std::uint32_t p = economics::detection_probability_ppm(
      economics::validators_for(spec, params), params.assumed_colluding_validator_bp());
  if (!economics::cheating_unprofitable(params, bid.price(), bid.bond(), p)) {
    return reject(i, bid, BidRejection::kBondDoesNotDeter,
                  "bond " + std::to_string(bid.bond()) + " deters cheating only up to price " +
                      std::to_string(economics::max_deterred_price(params, bid.bond(), p)) + " < " +
                      std::to_string(bid.price()));
  }
  if (auto shortfall = resource_shortfall(spec.resources(), bid.offered())) {
    return reject(i, bid, BidRejection::kResourcesInsufficient, "offered " + *shortfall);
  }
  return std::nullopt;
}

Expected<Selection> select_executor(const v1::JobSpec& spec, const std::vector<v1::Bid>& bids,
                                    const ReputationMap& reputations,
                                    const v1::EconomicParams& params, UnixMs now) {
  if (!min_reputation_ppm(spec)) {
    return fail("invalid_spec", "placement.min_reputation must be a number in [0,1]");
  }
  const std::string id = job_id(spec);
  const std::uint32_t prior =
      static_cast<std::uint32_t>(std::min<std::uint64_t>(params.reputation_prior_bp(), 10000)) *
      100;

  Selection selection;
  std::vector<RankedBid> qualified;
  for (std::size_t i = 0; i < bids.size(); ++i) {
    const v1::Bid& bid = bids[i];
    const auto found = reputations.find(bid.executor());
    const std::uint32_t rep = found == reputations.end() ? prior : found->second;
    if (auto rejected = check_bid(spec, id, bid, rep, params, now)) {
      rejected->index = i;
      selection.rejected.push_back(std::move(*rejected));
      continue;
    }
    qualified.push_back(RankedBid{i, bid.executor(), score_bid(spec, bid, rep, params)});
  }
  std::sort(qualified.begin(), qualified.end(), [&bids](const RankedBid& a, const RankedBid& b) {
    return ranks_before(bids[a.index], a.score, bids[b.index], b.score);
  });
  // One bid per executor: its best-ranked one.
  std::map<std::string, bool> seen;
  for (auto& ranked : qualified) {
    if (seen[ranked.executor]) {
      selection.rejected.push_back(RejectedBid{ranked.index, ranked.executor,
                                               BidRejection::kDuplicateExecutor,
                                               "a better-ranked bid of this executor exists"});
      continue;
    }
    seen[ranked.executor] = true;
    selection.ranking.push_back(std::move(ranked));
  }
  std::sort(selection.rejected.begin(), selection.rejected.end(),
            [](const RejectedBid& a, const RejectedBid& b) { return a.index < b.index; });

  if (!selection.ranking.empty()) {
    selection.winner = bids[selection.ranking.front().index];
    selection.winner_score = selection.ranking.front().score;
    return selection;
  }
  if (bids.empty()) {
    selection.no_winner_reason = "no bids";
    return selection;
  }
  std::map<std::string, std::size_t> counts;
  for (const auto& r : selection.rejected) ++counts[to_string(r.reason)];
  std::string reason = "no bid qualified:";
  bool first = true;
  for (const auto& [word, count] : counts) {
    reason += (first ? " " : ", ") + std::to_string(count) + " " + word;
    first = false;
  }
  selection.no_winner_reason = reason;
  return selection;
}

}  // namespace icn::market
