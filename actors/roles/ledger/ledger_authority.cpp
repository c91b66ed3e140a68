#include "actors/roles/ledger/ledger_authority.hpp"

#include <algorithm>

#include "protocol/economics/params.hpp"
#include "protocol/ledger/signed_tx.hpp"

namespace icn::actors {

LedgerAuthority::LedgerAuthority(World& world, const v1::EconomicParams& params)
    : world_(world), params_(params) {}

Expected<void> LedgerAuthority::start() {
  ledger_ = std::make_unique<ledger::Ledger>(ledger::Genesis{world_.signer().did()},
                                             economics::with_defaults(params_));
  // Our own disk: signatures were checked when each entry was applied, the chain is checked
  // again here (a torn or edited log stops the authority instead of being extended).
  for (const auto& entry : world_.storage().ledger_log().entries()) {
    if (auto fault = ledger_->replay_entry(entry, nullptr, false))
      return fail("corrupt_log", fault->message);
  }
  auto it = ledger_->state().last_nonce.find(world_.signer().did());
  nonce_ = it == ledger_->state().last_nonce.end() ? 0 : it->second;
  return {};
}

std::optional<UnixMs> LedgerAuthority::enqueue(ledger::SignedTx signed_tx) {
  auto tx = ledger::decode_tx(signed_tx.tx_bytes);
  if (!tx) return std::nullopt;
  const UnixMs stamp = tx->timestamp_unix_ms();
  queue_.emplace(std::make_pair(stamp, ++queued_), std::make_pair(std::move(signed_tx), *tx));
  return stamp + kSequencerLagMs;
}

void LedgerAuthority::flush_due() {
  bool applied_any = false;
  const UnixMs now = world_.now();
  while (!queue_.empty() && queue_.begin()->first.first + kSequencerLagMs <= now) {
    auto node = queue_.extract(queue_.begin());
    const auto& [signed_tx, tx] = node.mapped();
    auto applied = ledger_->submit(signed_tx, world_.verifier(), now);
    if (applied) {
      world_.storage().ledger_log().append(applied->entry);
      applied_any = true;
    }
    if (tx.body_case() != v1::LedgerTx::kEscrowLock) continue;
    const auto& lock = tx.escrow_lock();
    LockResult r{lock.job_id(), lock.payer(), lock.amount(), {}};
    if (!applied) {
      // A duplicate is a retransmission of a lock already applied, and a stale timestamp is
      // transient (the submitter re-signs on its next retry): neither refuses the job.
      const std::string& code = applied.error().code;
      if (code == ledger::kCodeDuplicateEscrow || code == ledger::kCodeBadTimestamp) continue;
      r.refused = code;
    }
    locks_.push_back(std::move(r));
  }
  if (applied_any) world_.storage().ledger_log().flush();
}

bool LedgerAuthority::apply(v1::LedgerTx tx, const std::string& what) {
  flush_due();  // participants' transactions that are due go first
  tx.set_authorizer(world_.signer().did());
  tx.set_nonce(++nonce_);
  const UnixMs now = world_.now();
  const UnixMs lagged = now > kSequencerLagMs ? now - kSequencerLagMs : 0;
  tx.set_timestamp_unix_ms(std::max(lagged, ledger_->state().clock));
  auto applied = ledger_->submit(ledger::sign_tx(tx, world_.signer()), world_.verifier(), now);
  if (!applied) {
    --nonce_;
    world_.emit(events::LedgerError{what, applied.error().code, applied.error().message});
    return false;
  }
  world_.storage().ledger_log().append(applied->entry);
  world_.storage().ledger_log().flush();
  return true;
}

}  // namespace icn::actors
