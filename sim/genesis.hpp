#pragma once
// The ledger a simulated mesh starts with: every group's balance minted to each member and its
// bond posted, as signed transactions in a hash-chained log -- written to the ledger node's
// disk before it starts, exactly as a node's data directory would hold it.
#include <vector>

#include "proto/ledger.pb.h"
#include "sim/population.hpp"

namespace icn::sim {

/// The genesis log of `population` (authority: node 0, the ledger) at `start_unix_ms`.
/// Throws std::runtime_error naming the node when a genesis transaction is refused.
std::vector<v1::LedgerEntry> genesis_entries(const Population& population,
                                             const v1::EconomicParams& params,
                                             UnixMs start_unix_ms);

}  // namespace icn::sim
