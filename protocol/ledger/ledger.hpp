#pragma once
// A ledger: state + hash-chained log + the parameters it runs with.
// submit() = verify the signature, apply, append to the log. replay() rebuilds a ledger from
// a log, checking the chain, every signature (if a verifier is given), every transaction and
// the invariant after each one.
#include <memory>
#include <optional>
#include <vector>

#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"
#include "protocol/crypto/signer.hpp"
#include "protocol/ledger/apply.hpp"
#include "protocol/ledger/log.hpp"
#include "protocol/ledger/signed_tx.hpp"
#include "protocol/ledger/state.hpp"

namespace icn::ledger {

/// An accepted transaction: its decoded form, what it did, and its log entry.
struct Applied {
  v1::LedgerTx tx;
  Receipt receipt;
  v1::LedgerEntry entry;
};

class Ledger {
 public:
  /// `retain_entries`: keep the log in memory (false for the SQLite store, which keeps it
  /// on disk).
  Ledger(Genesis genesis, Params params, bool retain_entries = true);

  /// Verifies the signature (signer DID == tx.authorizer), applies and appends.
  /// Errors: "malformed", "bad_signature", or any apply() code; nothing changes on error.
  Expected<Applied> submit(const SignedTx& signed_tx, const Verifier& verifier, UnixMs now);

  /// Applies an entry read back from a log: checks its link and hash, its signature (when
  /// `verifier` is not null), applies it at its own timestamp and checks the invariant when
  /// `check_invariant_each` is set. Error message starts with "entry <height>: ...".
  std::optional<ChainFault> replay_entry(const v1::LedgerEntry& entry, const Verifier* verifier,
                                         bool check_invariant_each = true);

  const LedgerState& state() const { return state_; }
  const LedgerLog& log() const { return log_; }
  const Genesis& genesis() const { return genesis_; }
  const Params& params() const { return params_; }
  std::uint64_t height() const { return log_.height(); }

 private:
  Genesis genesis_;
  Params params_;
  LedgerState state_;
  LedgerLog log_;
};

/// Rebuilds a ledger from `entries` (see Ledger::replay_entry). Error: the first fault.
tl::expected<Ledger, ChainFault> replay(const Genesis& genesis, const Params& params,
                                        const std::vector<v1::LedgerEntry>& entries,
                                        const Verifier* verifier, bool retain_entries = true);

}  // namespace icn::ledger
