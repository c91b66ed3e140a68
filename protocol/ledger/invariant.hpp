#pragma once
// The conservation invariant (the Jepsen "bank" check, docs/ledger.md "Invariant").
#include <optional>
#include <string>

#include "protocol/ledger/state.hpp"

namespace icn::ledger {

/// Checks that free + escrowed + bonded + unbonding over all accounts equals minted - burned
/// (every sum computed without u64 overflow, burned <= minted), that no bond slot is zero,
/// and that every escrow was released at most once and is marked released iff it was.
/// Returns a description of the first violation, nullopt when the state is sound.
std::optional<std::string> check_invariant(const LedgerState& state);

}  // namespace icn::ledger
