#pragma once
// The ledger authority: owns the mesh's one mana ledger (protocol/ledger), keeps its log in the
// node's storage, applies participants' signed transactions in timestamp order, and signs and
// applies its own (settlements, slashes). Part of the ledger role; it answers only to the job
// coordinator of the same role, never to another actor.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/world.hpp"
#include "proto/economics.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/ledger/ledger.hpp"

namespace icn::actors {

/// What became of a participant's escrow lock once the sequencer applied it.
struct LockResult {
  std::string job_id, payer;
  std::uint64_t amount = 0;
  /// Empty when the lock was applied; otherwise the ledger's refusal code.
  std::string refused;
};

class LedgerAuthority {
 public:
  LedgerAuthority(World& world, const v1::EconomicParams& params);

  /// Rebuilds the ledger from the log in storage (checking the hash chain); an empty log starts
  /// a fresh ledger whose authority is this node. Error: the first broken entry.
  Expected<void> start();

  /// Queues a participant's signed transaction. Participants' transactions reach the single
  /// ledger over a network with jitter, but the ledger refuses timestamps older than its clock,
  /// so each one waits kSequencerLagMs after its own timestamp and they are applied in
  /// timestamp order (the authority back-dates its own by as much). Returns when the flush
  /// for it is due, or nothing for undecodable bytes.
  std::optional<UnixMs> enqueue(ledger::SignedTx signed_tx);

  /// Applies every queued transaction whose lag has passed, oldest first.
  void flush_due();
  /// What became of the escrow locks applied since the last call (other kinds need no
  /// answer), in the order they were applied.
  std::vector<LockResult> take_lock_results() { return std::exchange(locks_, {}); }

  /// Stamps (authorizer, nonce, back-dated timestamp), signs and applies an authority
  /// transaction and appends it to the log; false (and a LedgerError event) when the ledger
  /// refuses it -- always a bug in the planner.
  bool apply(v1::LedgerTx tx, const std::string& what);

  const ledger::LedgerState& state() const { return ledger_->state(); }
  std::uint64_t height() const { return ledger_->height(); }

  static constexpr DurationMs kSequencerLagMs = 300;

 private:
  World& world_;
  v1::EconomicParams params_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::uint64_t nonce_ = 0;
  std::map<std::pair<UnixMs, std::uint64_t>, std::pair<ledger::SignedTx, v1::LedgerTx>> queue_;
  std::uint64_t queued_ = 0;
  std::vector<LockResult> locks_;
};

}  // namespace icn::actors
