#pragma once
// Reputation on the wire: the ledger authority publishes a signed v1::ReputationSnapshot
// every epoch, and bidders and submitters read reputation from it instead of sharing a book
// (docs/protocol.md, "Reputation snapshots").
#include <cstdint>

#include "proto/economics.pb.h"
#include "proto/market.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"
#include "protocol/market/selection.hpp"
#include "protocol/reputation/reputation.hpp"

namespace icn::reputation {

/// The epoch `now` falls in: now / epoch_ms (0 when epoch_ms is 0: one epoch forever). A
/// snapshot is published once per epoch number.
std::uint64_t reputation_epoch(UnixMs now, DurationMs epoch_ms);

/// The snapshot of `book` for `epoch`: every DID the book knows, sorted by DID, with its
/// reputation decayed to `as_of`.
v1::ReputationSnapshot make_snapshot(const ReputationBook& book, std::uint64_t epoch, UnixMs as_of,
                                     const v1::EconomicParams& params);

/// The reputations a snapshot states (DIDs absent from it have the prior, as in
/// market::select_executor). Error "bad_snapshot", naming the entry, when a DID is empty, the
/// entries are not sorted by DID or repeat one, or a ppm exceeds 1'000'000.
Expected<market::ReputationMap> read_snapshot(const v1::ReputationSnapshot& snapshot);

}  // namespace icn::reputation
