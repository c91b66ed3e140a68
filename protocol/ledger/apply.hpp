#pragma once
// The ledger state machine: apply one transaction, all or nothing.
//
// Who may authorize what (checked in authorize(), apply.cpp):
//   Mint, Regenerate, EscrowRelease, Slash      -> only the ledger authority (genesis)
//   Transfer                                    -> `from`
//   EscrowLock                                  -> `payer`
//   BondPost, BondWithdraw, BondClaim           -> `account`
// Rejection codes (Error::code) are stable words: see the kCode* constants below.
// A rejected transaction leaves the state exactly as it was.
#include <cstdint>
#include <string>
#include <string_view>

#include "proto/economics.pb.h"
#include "proto/ledger.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"
#include "protocol/ledger/state.hpp"

namespace icn::ledger {

inline constexpr std::string_view kCodeUnauthorized = "unauthorized";
inline constexpr std::string_view kCodeOverdrawn = "overdrawn";
inline constexpr std::string_view kCodeUnknownEscrow = "unknown_escrow";
inline constexpr std::string_view kCodeAlreadyReleased = "already_released";
inline constexpr std::string_view kCodeDuplicateEscrow = "duplicate_escrow";
inline constexpr std::string_view kCodeReleaseMismatch = "release_mismatch";
inline constexpr std::string_view kCodeInsufficientBond = "insufficient_bond";
inline constexpr std::string_view kCodeNotYetUnbonded = "not_yet_unbonded";
inline constexpr std::string_view kCodeRegenNotDue = "regen_not_due";
inline constexpr std::string_view kCodeRegenOverCap = "regen_over_cap";
inline constexpr std::string_view kCodeBadNonce = "bad_nonce";
inline constexpr std::string_view kCodeZeroAmount = "zero_amount";
inline constexpr std::string_view kCodeOverflow = "overflow";
/// Timestamp in the future of `now`, older than kMaxTxAgeMs, or before the ledger's clock.
inline constexpr std::string_view kCodeBadTimestamp = "bad_timestamp";
/// Slash shares that exceed the slashed amount, or shares on a burn.
inline constexpr std::string_view kCodeBadShares = "bad_shares";
/// Structurally invalid: no body, empty DID or job id, unspecified role or disposition,
/// a job id on a non-dispute bond.
inline constexpr std::string_view kCodeMalformed = "malformed";

/// How far behind `now` a transaction's signed timestamp may be. The timestamp is the
/// transaction's effective time (unbonding release times derive from it), and replay uses it,
/// so the log alone reproduces the state.
inline constexpr DurationMs kMaxTxAgeMs = 5 * 60 * 1000;

/// The mechanics parameters a ledger uses, taken from v1::EconomicParams by the caller:
/// regen_period_ms, regen_per_period, regen_cap, regen_min_bond, unbonding_delay_ms.
using Params = v1::EconomicParams;

/// What an accepted transaction did.
struct Receipt {
  v1::LedgerTx::BodyCase kind = v1::LedgerTx::BODY_NOT_SET;
  std::uint64_t amount = 0;  // the transaction's amount; BondClaim: the amount claimed
  std::uint64_t minted = 0;  // new mana created (Mint, Regenerate)
  std::uint64_t burned = 0;  // mana destroyed (Slash)
};

/// Applies `tx`, signed (already verified) by `signer_did`, at time `now`. On success the state
/// has changed and the nonce is consumed; on error nothing changed.
Expected<Receipt> apply(LedgerState& state, const v1::LedgerTx& tx, const std::string& signer_did,
                        const Params& params, UnixMs now);

/// Whether `signer_did` may authorize `tx` at all (signer == tx.authorizer, and the role
/// rule in the table above). Error code "unauthorized" or "malformed".
Expected<void> authorize(const LedgerState& state, const v1::LedgerTx& tx,
                         const std::string& signer_did);

}  // namespace icn::ledger
