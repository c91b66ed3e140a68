#pragma once
// The mana ledger's state: accounts keyed by DID, escrows keyed by job id, supply totals.
// Pure data plus read-only queries; transactions change it only through apply() (apply.hpp).
// All amounts are unsigned 64-bit integers of mana; there is no floating point anywhere.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "proto/ledger.pb.h"
#include "protocol/core/time.hpp"
#include "protocol/crypto/sha256.hpp"

namespace icn::ledger {

namespace v1 = icnmesh::v1;

/// A bond slot: the role it backs and, for dispute bonds only, the job it belongs to.
struct BondKey {
  v1::BondRole role = v1::BOND_ROLE_UNSPECIFIED;
  std::string job_id;  // empty except for BOND_DISPUTE
  bool operator<(const BondKey& o) const {
    return std::tie(role, job_id) < std::tie(o.role, o.job_id);
  }
  bool operator==(const BondKey& o) const { return role == o.role && job_id == o.job_id; }
};

/// Withdrawn bond waiting for the unbonding delay; still slashable until claimed.
struct Unbonding {
  BondKey bond;
  std::uint64_t amount = 0;
  UnixMs release_at = 0;  // BondClaim moves it to the free balance once now >= release_at
  bool operator==(const Unbonding& o) const {
    return bond == o.bond && amount == o.amount && release_at == o.release_at;
  }
};

struct Account {
  std::uint64_t free = 0;
  std::map<BondKey, std::uint64_t> bonds;  // no zero entries
  std::vector<Unbonding> unbonding;        // in the order withdrawn
  /// Period index of the last Regenerate credited to this account (none yet: nullopt).
  std::optional<std::uint64_t> last_regen_period;
  bool operator==(const Account& o) const {
    return free == o.free && bonds == o.bonds && unbonding == o.unbonding &&
           last_regen_period == o.last_regen_period;
  }
};

/// Mana locked by a payer for one job until the authority releases it (exactly once).
struct Escrow {
  std::string payer;
  std::uint64_t amount = 0;
  bool released = false;
  std::uint32_t release_count = 0;  // checked by the invariant: never above 1
  bool operator==(const Escrow& o) const {
    return payer == o.payer && amount == o.amount && released == o.released &&
           release_count == o.release_count;
  }
};

/// What a ledger starts from: the authority DID that may mint, regenerate, release escrows
/// and slash. Stored in the ledger's meta data, not in the log.
struct Genesis {
  std::string authority;
};

struct LedgerState {
  std::string authority;
  std::map<std::string, Account> accounts;          // DID -> account
  std::map<std::string, Escrow> escrows;            // job id -> escrow (released ones stay)
  std::map<std::string, std::uint64_t> last_nonce;  // authorizer DID -> last accepted nonce
  std::uint64_t minted = 0;                         // Mint + Regenerate, ever
  std::uint64_t burned = 0;                         // burned by slashes, ever
  UnixMs clock = 0;  // timestamp of the latest applied transaction (never goes back)
  bool operator==(const LedgerState& o) const;
  bool operator!=(const LedgerState& o) const { return !(*this == o); }
};

/// A fresh, empty ledger governed by `genesis.authority`.
LedgerState make_state(const Genesis& genesis);

/// minted - burned: the mana that exists.
std::uint64_t supply(const LedgerState& state);

// ---- read-only queries (absent accounts read as zero) ----
std::uint64_t free_balance(const LedgerState& state, const std::string& did);
/// The active bond in one slot (job_id only for BOND_DISPUTE).
std::uint64_t bonded(const LedgerState& state, const std::string& did, v1::BondRole role,
                     const std::string& job_id = {});
/// All active bonds of an account, every role.
std::uint64_t total_bonded(const LedgerState& state, const std::string& did);
/// Withdrawn but not yet claimed bond of an account (every role, released or not).
std::uint64_t unbonding_total(const LedgerState& state, const std::string& did);
/// What Slash may take from one slot: the active bond plus unclaimed unbonding of that slot.
std::uint64_t slashable(const LedgerState& state, const std::string& did, v1::BondRole role,
                        const std::string& job_id = {});
/// Unreleased escrows paid by `did`.
std::uint64_t escrowed_by(const LedgerState& state, const std::string& did);

/// Canonical SHA-256 of the whole state (deterministic: ordered maps, fixed encoding).
/// Two runs that applied the same transactions have the same digest.
Digest state_digest(const LedgerState& state);

/// Lower-case role name as used in the CLI and JSON: "executor", "validator", "arbiter",
/// "dispute" ("unspecified" otherwise).
const char* role_name(v1::BondRole role);

}  // namespace icn::ledger
