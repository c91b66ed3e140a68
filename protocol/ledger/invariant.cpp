#include "protocol/ledger/invariant.hpp"

#include <limits>

namespace icn::ledger {

namespace {
// Adds into `sum`; false on u64 overflow.
bool add(std::uint64_t& sum, std::uint64_t v) {
  if (sum > std::numeric_limits<std::uint64_t>::max() - v) return false;
  sum += v;
  return true;
}
}  // namespace

std::optional<std::string> check_invariant(const LedgerState& state) {
  if (state.burned > state.minted) {
    return "burned " + std::to_string(state.burned) + " exceeds minted " +
           std::to_string(state.minted);
  }
  std::uint64_t held = 0;
  for (const auto& [did, account] : state.accounts) {
    if (!add(held, account.free)) return "holdings overflow u64 at account " + did;
    for (const auto& [key, amount] : account.bonds) {
      if (amount == 0) return "account " + did + " has an empty " + role_name(key.role) + " bond";
      if (!add(held, amount)) return "holdings overflow u64 at bonds of " + did;
    }
    for (const auto& u : account.unbonding) {
      if (u.amount == 0) return "account " + did + " has an empty unbonding entry";
      if (!add(held, u.amount)) return "holdings overflow u64 at unbonding of " + did;
    }
  }
  for (const auto& [job, escrow] : state.escrows) {
    if (escrow.release_count > 1) {
      return "escrow of job " + job + " was released " + std::to_string(escrow.release_count) +
             " times";
    }
    if (escrow.released != (escrow.release_count == 1)) {
      return "escrow of job " + job + " has released flag inconsistent with its release count";
    }
    if (!escrow.released && !add(held, escrow.amount)) {
      return "holdings overflow u64 at escrow of job " + job;
    }
  }
  std::uint64_t supply = state.minted - state.burned;
  if (held != supply) {
    return "free + escrowed + bonded + unbonding = " + std::to_string(held) +
           " but minted - burned = " + std::to_string(supply);
  }
  return std::nullopt;
}

}  // namespace icn::ledger
