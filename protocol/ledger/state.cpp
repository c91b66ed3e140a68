#include "protocol/ledger/state.hpp"

#include "protocol/core/bytes.hpp"

namespace icn::ledger {

bool LedgerState::operator==(const LedgerState& o) const {
  return authority == o.authority && accounts == o.accounts && escrows == o.escrows &&
         last_nonce == o.last_nonce && minted == o.minted && burned == o.burned && clock == o.clock;
}

LedgerState make_state(const Genesis& genesis) {
  LedgerState state;
  state.authority = genesis.authority;
  return state;
}

std::uint64_t supply(const LedgerState& state) {
  return state.minted - state.burned;
}

namespace {
const Account* find_account(const LedgerState& state, const std::string& did) {
  auto it = state.accounts.find(did);
  return it == state.accounts.end() ? nullptr : &it->second;
}
}  // namespace

std::uint64_t free_balance(const LedgerState& state, const std::string& did) {
  const Account* account = find_account(state, did);
  return account ? account->free : 0;
}

std::uint64_t bonded(const LedgerState& state, const std::string& did, v1::BondRole role,
                     const std::string& job_id) {
  const Account* account = find_account(state, did);
  if (!account) return 0;
  auto it = account->bonds.find(BondKey{role, job_id});
  return it == account->bonds.end() ? 0 : it->second;
}

std::uint64_t total_bonded(const LedgerState& state, const std::string& did) {
  const Account* account = find_account(state, did);
  std::uint64_t total = 0;
  if (account) {
    for (const auto& [key, amount] : account->bonds) total += amount;
  }
  return total;
}

std::uint64_t unbonding_total(const LedgerState& state, const std::string& did) {
  const Account* account = find_account(state, did);
  std::uint64_t total = 0;
  if (account) {
    for (const auto& u : account->unbonding) total += u.amount;
  }
  return total;
}

std::uint64_t slashable(const LedgerState& state, const std::string& did, v1::BondRole role,
                        const std::string& job_id) {
  const Account* account = find_account(state, did);
  if (!account) return 0;
  BondKey key{role, job_id};
  std::uint64_t total = bonded(state, did, role, job_id);
  for (const auto& u : account->unbonding) {
    if (u.bond == key) total += u.amount;
  }
  return total;
}

std::uint64_t escrowed_by(const LedgerState& state, const std::string& did) {
  std::uint64_t total = 0;
  for (const auto& [job, escrow] : state.escrows) {
    if (!escrow.released && escrow.payer == did) total += escrow.amount;
  }
  return total;
}

namespace {
void put_string(Sha256& h, const std::string& s) {
  Bytes b;
  append_length_prefixed(b, std::string_view(s));
  h.update(b);
}
void put_u64(Sha256& h, std::uint64_t v) {
  Bytes b;
  append_u64_be(b, v);
  h.update(b);
}
}  // namespace

Digest state_digest(const LedgerState& state) {
  Sha256 h;
  h.update(std::string_view("icnmesh/ledger-state/v1\n"));
  put_string(h, state.authority);
  put_u64(h, state.minted);
  put_u64(h, state.burned);
  put_u64(h, state.clock);
  put_u64(h, state.accounts.size());
  for (const auto& [did, account] : state.accounts) {
    put_string(h, did);
    put_u64(h, account.free);
    put_u64(h, account.last_regen_period ? 1 : 0);
    put_u64(h, account.last_regen_period.value_or(0));
    put_u64(h, account.bonds.size());
    for (const auto& [key, amount] : account.bonds) {
      put_u64(h, static_cast<std::uint64_t>(key.role));
      put_string(h, key.job_id);
      put_u64(h, amount);
    }
    put_u64(h, account.unbonding.size());
    for (const auto& u : account.unbonding) {
      put_u64(h, static_cast<std::uint64_t>(u.bond.role));
      put_string(h, u.bond.job_id);
      put_u64(h, u.amount);
      put_u64(h, u.release_at);
    }
  }
  put_u64(h, state.escrows.size());
  for (const auto& [job, escrow] : state.escrows) {
    put_string(h, job);
    put_string(h, escrow.payer);
    put_u64(h, escrow.amount);
    put_u64(h, escrow.released ? 1 : 0);
    put_u64(h, escrow.release_count);
  }
  put_u64(h, state.last_nonce.size());
  for (const auto& [did, nonce] : state.last_nonce) {
    put_string(h, did);
    put_u64(h, nonce);
  }
  return h.finish();
}

const char* role_name(v1::BondRole role) {
  switch (role) {
    case v1::BOND_EXECUTOR:
      return "executor";
    case v1::BOND_VALIDATOR:
      return "validator";
    case v1::BOND_ARBITER:
      return "arbiter";
    case v1::BOND_DISPUTE:
      return "dispute";
    default:
      return "unspecified";
  }
}

}  // namespace icn::ledger
