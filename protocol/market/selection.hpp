#pragma once
// Executor selection: hard filters, then the bid score, then a deterministic tie-break
// (docs/economics.md, "Bid score"). Pure: `now` and reputations are parameters.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proto/economics.pb.h"
#include "proto/job.pb.h"
#include "proto/market.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"
#include "protocol/market/scoring.hpp"

namespace icn::market {

/// Why a bid did not qualify (one hard filter each).
enum class BidRejection {
  kWrongJob,               ///< bid.job_id is not job_id(spec)
  kExpired,                ///< bid.valid_until_unix_ms < now
  kPriceAboveMax,          ///< bid.price > spec.payment.max_price
  kReputationTooLow,       ///< reputation < spec.placement.min_reputation
  kMissingCapability,      ///< a required capability is not offered
  kRuntimeUnsupported,     ///< spec.runtime.kind not in bid.runtimes
  kFederationNotAllowed,   ///< bid.federation not in spec.placement.federations (when non-empty)
  kBondTooSmall,           ///< bid.bond < required_executor_bond(spec, params)
  kBondDoesNotDeter,       ///< cheating_unprofitable(params, price, bond, p) is false
  kResourcesInsufficient,  ///< an offered cpu/memory/storage/gpu amount is below the need
  kDuplicateExecutor,      ///< another bid of the same executor ranks higher
};

/// Stable lower-case word for a rejection ("price_above_max", ...).
const char* to_string(BidRejection reason);

struct RejectedBid {
  std::size_t index = 0;  ///< position in the input bids
  std::string executor;
  BidRejection reason = BidRejection::kWrongJob;
  std::string detail;  ///< the numbers that failed, for people
};

struct RankedBid {
  std::size_t index = 0;
  std::string executor;
  BidScore score;
};

struct Selection {
  std::optional<v1::Bid> winner;  ///< the chosen bid, if any qualified
  std::optional<BidScore> winner_score;
  std::vector<RankedBid> ranking;     ///< qualified bids, best first (winner is ranking[0])
  std::vector<RejectedBid> rejected;  ///< every non-qualifying bid with its first failed filter
  /// "no bids" or "no bid qualified: 2 price_above_max, 1 expired" when winner is empty.
  std::string no_winner_reason;
};

/// Reputation of each DID at `now` in ppm; DIDs absent from the map have the prior
/// (params.reputation_prior_bp). ReputationBook::scores_at() produces one.
using ReputationMap = std::map<std::string, std::uint32_t>;

/// Applies every hard filter to every bid, scores the survivors (at most one bid per
/// executor: its best) and picks the best by ranks_before. Error "invalid_spec" when the
/// spec itself cannot be judged (e.g. min_reputation is NaN); no qualifying bid is not an
/// error (Selection::winner empty, reasons listed).
Expected<Selection> select_executor(const v1::JobSpec& spec, const std::vector<v1::Bid>& bids,
                                    const ReputationMap& reputations,
                                    const v1::EconomicParams& params, UnixMs now);

/// The first hard filter `bid` fails, or nullopt if it qualifies (job id given so a caller
/// that checks many bids computes it once).
std::optional<RejectedBid> check_bid(const v1::JobSpec& spec, const std::string& job_id,
                                     const v1::Bid& bid, std::uint32_t reputation_ppm,
                                     const v1::EconomicParams& params, UnixMs now);

}  // namespace icn::market
