#pragma once
// Builders for ledger tests: transactions with their natural authorizer, and a fixture that
// numbers nonces and stamps times.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "protocol/ledger/apply.hpp"
#include "protocol/ledger/state.hpp"

namespace icn::ledger::test {

inline const std::string kAuthority = "did:test:authority";

inline Params test_params() {
  Params p;
  p.set_regen_period_ms(1000);
  p.set_regen_per_period(10);
  p.set_regen_cap(100);
  p.set_regen_min_bond(50);
  p.set_unbonding_delay_ms(5000);
  return p;
}

inline v1::LedgerTx with_auth(std::string authorizer) {
  v1::LedgerTx tx;
  tx.set_authorizer(std::move(authorizer));
  return tx;
}

inline v1::LedgerTx mint(const std::string& to, std::uint64_t amount) {
  auto tx = with_auth(kAuthority);
  tx.mutable_mint()->set_to(to);
  tx.mutable_mint()->set_amount(amount);
  return tx;
}
inline v1::LedgerTx regen(const std::string& account, std::uint64_t amount, std::uint64_t period) {
  auto tx = with_auth(kAuthority);
  tx.mutable_regenerate()->set_account(account);
  tx.mutable_regenerate()->set_amount(amount);
  tx.mutable_regenerate()->set_period_index(period);
  return tx;
}
inline v1::LedgerTx transfer(const std::string& from, const std::string& to, std::uint64_t amount) {
  auto tx = with_auth(from);
  tx.mutable_transfer()->set_from(from);
  tx.mutable_transfer()->set_to(to);
  tx.mutable_transfer()->set_amount(amount);
  return tx;
}
inline v1::LedgerTx lock(const std::string& job, const std::string& payer, std::uint64_t amount) {
  auto tx = with_auth(payer);
  tx.mutable_escrow_lock()->set_job_id(job);
  tx.mutable_escrow_lock()->set_payer(payer);
  tx.mutable_escrow_lock()->set_amount(amount);
  return tx;
}
inline v1::LedgerTx release(const std::string& job,
                            const std::vector<std::pair<std::string, std::uint64_t>>& payouts) {
  auto tx = with_auth(kAuthority);
  tx.mutable_escrow_release()->set_job_id(job);
  for (const auto& [to, amount] : payouts) {
    auto* p = tx.mutable_escrow_release()->add_payouts();
    p->set_to(to);
    p->set_amount(amount);
    p->set_kind(v1::RELEASE_EXECUTOR_PAYMENT);
  }
  return tx;
}
inline v1::LedgerTx post(const std::string& account, v1::BondRole role, std::uint64_t amount,
                         const std::string& job = {}) {
  auto tx = with_auth(account);
  auto* b = tx.mutable_bond_post();
  b->set_account(account);
  b->set_role(role);
  b->set_amount(amount);
  b->set_job_id(job);
  return tx;
}
inline v1::LedgerTx withdraw(const std::string& account, v1::BondRole role, std::uint64_t amount,
                             const std::string& job = {}) {
  auto tx = with_auth(account);
  auto* b = tx.mutable_bond_withdraw();
  b->set_account(account);
  b->set_role(role);
  b->set_amount(amount);
  b->set_job_id(job);
  return tx;
}
inline v1::LedgerTx claim(const std::string& account) {
  auto tx = with_auth(account);
  tx.mutable_bond_claim()->set_account(account);
  return tx;
}
inline v1::LedgerTx slash(const std::string& account, v1::BondRole role, std::uint64_t amount,
                          v1::SlashDisposition disposition,
                          const std::vector<std::pair<std::string, std::uint64_t>>& shares = {},
                          const std::string& job = {}) {
  auto tx = with_auth(kAuthority);
  auto* s = tx.mutable_slash();
  s->set_account(account);
  s->set_role(role);
  s->set_amount(amount);
  s->set_disposition(disposition);
  s->set_job_id(job);
  for (const auto& [to, a] : shares) {
    auto* share = s->add_shares();
    share->set_to(to);
    share->set_amount(a);
  }
  return tx;
}

/// Applies transactions at `now`, numbering each authorizer's nonces 1, 2, 3, ...
struct Fixture {
  LedgerState state = make_state(Genesis{kAuthority});
  Params params = test_params();
  UnixMs now = 1'000'000;
  std::map<std::string, std::uint64_t> nonces;

  /// Sets nonce and timestamp (unless already set) and applies, signed by the authorizer.
  Expected<Receipt> run(v1::LedgerTx tx) {
    std::string signer = tx.authorizer();
    return run_signed_by(std::move(tx), signer);
  }
  Expected<Receipt> run_signed_by(v1::LedgerTx tx, const std::string& signer) {
    if (tx.nonce() == 0) tx.set_nonce(nonces[tx.authorizer()] + 1);
    if (tx.timestamp_unix_ms() == 0) tx.set_timestamp_unix_ms(now);
    auto r = apply(state, tx, signer, params, now);
    if (r) nonces[tx.authorizer()] = tx.nonce();
    return r;
  }
};

}  // namespace icn::ledger::test
