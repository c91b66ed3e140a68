#include "node/store/ledger_workload.hpp"

#include <algorithm>

#include "protocol/core/content_id.hpp"
#include "protocol/crypto/ed25519.hpp"
#include "protocol/economics/params.hpp"
#include "protocol/ledger/apply.hpp"

namespace icn::node {

ledger::Params demo_ledger_params() {
  ledger::Params p = economics::default_economic_params();
  p.set_regen_period_ms(60'000);
  p.set_unbonding_delay_ms(60'000);
  p.set_regen_min_bond(100);
  p.set_regen_cap(20'000);
  return p;
}

namespace {
Ed25519Seed derive_seed(std::uint64_t seed, std::uint64_t index) {
  Bytes input = to_bytes("icnmesh/ledger-workload/v1\n");
  append_u64_be(input, seed);
  append_u64_be(input, index);
  Digest d = sha256(input);
  Ed25519Seed out{};
  std::copy(d.begin(), d.end(), out.begin());
  return out;
}
}  // namespace

LedgerWorkload::LedgerWorkload(std::uint64_t seed, int accounts, ledger::Params params,
                               Scheme scheme, UnixMs start)
    : rng_(seed), params_(std::move(params)) {
  for (int i = 0; i <= accounts; ++i) {
    Ed25519Seed s = derive_seed(seed, static_cast<std::uint64_t>(i));
    if (scheme == Scheme::kEd25519) {
      signers_.push_back(std::make_unique<Ed25519Signer>(s));
    } else {
      signers_.push_back(std::make_unique<SimMacSigner>(registry_.enroll(s)));
    }
  }
  for (const auto& s : signers_) by_did_[s->did()] = s.get();
  genesis_ = ledger::Genesis{signers_[0]->did()};
  shadow_ = ledger::make_state(genesis_);
  shadow_.clock = start;
  time_ = start;
}

void LedgerWorkload::resume(const ledger::LedgerState& state) {
  shadow_ = state;
  time_ = std::max(time_, state.clock);
  funded_ = signers_.size() - 1;
  jobs_ = state.escrows.size();
  open_escrows_.clear();
  for (const auto& [job, escrow] : state.escrows) {
    if (!escrow.released) open_escrows_.push_back(job);
  }
}

std::uint64_t LedgerWorkload::random() {  // splitmix64
  std::uint64_t z = (rng_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t LedgerWorkload::below(std::uint64_t n) {
  return n == 0 ? 0 : random() % n;
}

const std::string& LedgerWorkload::account(int i) const {
  return signers_[static_cast<std::size_t>(i) + 1]->did();
}

const Signer& LedgerWorkload::signer_for(const std::string& did) const {
  auto it = by_did_.find(did);
  return it == by_did_.end() ? *signers_[0] : *it->second;
}

ledger::SignedTx LedgerWorkload::sign(const v1::LedgerTx& tx) {
  return ledger::sign_tx(tx, signer_for(tx.authorizer()));
}

// Stamps nonce and time and applies to the shadow state; false (shadow unchanged) if rejected.
bool LedgerWorkload::try_apply(v1::LedgerTx& tx) {
  auto it = shadow_.last_nonce.find(tx.authorizer());
  tx.set_nonce(it == shadow_.last_nonce.end() ? 1 : it->second + 1);
  if (tx.timestamp_unix_ms() == 0) tx.set_timestamp_unix_ms(time_);
  return ledger::apply(shadow_, tx, tx.authorizer(), params_, tx.timestamp_unix_ms()).has_value();
}

v1::LedgerTx LedgerWorkload::candidate() {
  const std::string& authority = genesis_.authority;
  int accounts = static_cast<int>(signers_.size()) - 1;
  const std::string& a = account(static_cast<int>(below(static_cast<std::uint64_t>(accounts))));
  const std::string& b = account(static_cast<int>(below(static_cast<std::uint64_t>(accounts))));
  std::uint64_t free = ledger::free_balance(shadow_, a);
  std::uint64_t some = 1 + below(std::max<std::uint64_t>(1, std::min<std::uint64_t>(free, 500)));
  v1::LedgerTx tx;
  switch (below(12)) {
    case 0: {
      tx.set_authorizer(authority);
      tx.mutable_mint()->set_to(a);
      tx.mutable_mint()->set_amount(100 + below(1000));
      tx.mutable_mint()->set_memo("demo top-up");
      break;
    }
    case 1: {
      tx.set_authorizer(authority);
      auto* r = tx.mutable_regenerate();
      r->set_account(a);
      std::uint64_t room = params_.regen_cap() > free ? params_.regen_cap() - free : 0;
      r->set_amount(std::min(params_.regen_per_period(), room));
      r->set_period_index(time_ / std::max<std::uint64_t>(1, params_.regen_period_ms()));
      break;
    }
    default: {
      tx.set_authorizer(a);
      tx.mutable_transfer()->set_from(a);
      tx.mutable_transfer()->set_to(b);
      tx.mutable_transfer()->set_amount(some);
      break;
    }
    case 5: {
      tx.set_authorizer(a);
      auto* e = tx.mutable_escrow_lock();
      e->set_job_id(content_id(to_bytes("demo job " + std::to_string(jobs_))));
      e->set_payer(a);
      e->set_amount(some);
      break;
    }
    case 6: {
      if (open_escrows_.empty()) return candidate();
      std::size_t pick = below(open_escrows_.size());
      const std::string& job = open_escrows_[pick];
      const ledger::Escrow& escrow = shadow_.escrows.at(job);
      tx.set_authorizer(authority);
      auto* r = tx.mutable_escrow_release();
      r->set_job_id(job);
      std::uint64_t paid = 1 + below(escrow.amount);
      auto* pay = r->add_payouts();
      pay->set_to(b);
      pay->set_amount(paid);
      pay->set_kind(v1::RELEASE_EXECUTOR_PAYMENT);
      if (paid < escrow.amount) {
        auto* refund = r->add_payouts();
        refund->set_to(escrow.payer);
        refund->set_amount(escrow.amount - paid);
        refund->set_kind(v1::RELEASE_REFUND);
      }
      break;
    }
    case 7: {
      tx.set_authorizer(a);
      auto* p = tx.mutable_bond_post();
      p->set_account(a);
      p->set_role(below(2) == 0 ? v1::BOND_EXECUTOR : v1::BOND_VALIDATOR);
      p->set_amount(some);
      break;
    }
    case 8: {
      tx.set_authorizer(a);
      auto* w = tx.mutable_bond_withdraw();
      w->set_account(a);
      w->set_role(below(2) == 0 ? v1::BOND_EXECUTOR : v1::BOND_VALIDATOR);
      w->set_amount(1 + below(std::max<std::uint64_t>(1, ledger::bonded(shadow_, a, w->role()))));
      break;
    }
    case 9: {
      tx.set_authorizer(a);
      tx.mutable_bond_claim()->set_account(a);
      break;
    }
    case 10: {
      tx.set_authorizer(authority);
      auto* s = tx.mutable_slash();
      s->set_account(a);
      s->set_role(v1::BOND_EXECUTOR);
      std::uint64_t max = ledger::slashable(shadow_, a, v1::BOND_EXECUTOR);
      s->set_amount(1 + below(std::max<std::uint64_t>(1, max / 4)));
      s->set_reason("demo: wrong result");
      if (below(2) == 0) {
        s->set_disposition(v1::SLASH_BURN);
      } else {
        s->set_disposition(v1::SLASH_REDISTRIBUTE);
        auto* share = s->add_shares();
        share->set_to(b);
        share->set_amount(s->amount() / 2);
        if (share->amount() == 0) s->clear_shares();
      }
      break;
    }
  }
  return tx;
}

ledger::SignedTx LedgerWorkload::next() {
  int accounts = static_cast<int>(signers_.size()) - 1;
  if (funded_ < static_cast<std::size_t>(accounts)) {
    v1::LedgerTx tx;
    tx.set_authorizer(genesis_.authority);
    tx.mutable_mint()->set_to(account(static_cast<int>(funded_++)));
    tx.mutable_mint()->set_amount(10'000);
    tx.mutable_mint()->set_memo("demo genesis allocation");
    try_apply(tx);
    return sign(tx);
  }
  time_ += 1 + below(1000);
  for (int attempt = 0; attempt < 100; ++attempt) {
    v1::LedgerTx tx = candidate();
    if (!try_apply(tx)) continue;
    if (tx.has_escrow_lock()) {
      ++jobs_;
      open_escrows_.push_back(tx.escrow_lock().job_id());
    }
    if (tx.has_escrow_release()) {
      open_escrows_.erase(
          std::find(open_escrows_.begin(), open_escrows_.end(), tx.escrow_release().job_id()));
    }
    return sign(tx);
  }
  v1::LedgerTx tx;  // nothing else fit: a mint always does
  tx.set_authorizer(genesis_.authority);
  tx.mutable_mint()->set_to(account(0));
  tx.mutable_mint()->set_amount(1);
  try_apply(tx);
  return sign(tx);
}

ledger::SignedTx LedgerWorkload::next_transfer() {
  int accounts = static_cast<int>(signers_.size()) - 1;
  if (funded_ < static_cast<std::size_t>(accounts)) return next();
  for (;;) {
    const std::string& a = account(static_cast<int>(below(static_cast<std::uint64_t>(accounts))));
    if (ledger::free_balance(shadow_, a) == 0) continue;
    const std::string& b = account(static_cast<int>(below(static_cast<std::uint64_t>(accounts))));
    v1::LedgerTx tx;
    tx.set_authorizer(a);
    tx.mutable_transfer()->set_from(a);
    tx.mutable_transfer()->set_to(b);
    tx.mutable_transfer()->set_amount(1);
    if (try_apply(tx)) return sign(tx);
  }
}

}  // namespace icn::node
