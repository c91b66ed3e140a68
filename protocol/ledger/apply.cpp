#include "protocol/ledger/apply.hpp"

#include <limits>
#include <map>

namespace icn::ledger {

namespace {

using Tx = v1::LedgerTx;
constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

tl::unexpected<Error> reject(std::string_view code, std::string message) {
  return fail(std::string(code), std::move(message));
}

bool add_overflows(std::uint64_t a, std::uint64_t b) {
  return a > kMax - b;
}

std::string num(std::uint64_t v) {
  return std::to_string(v);
}

// Checks a bond slot: a real role, and a job id exactly when the role is BOND_DISPUTE.
Expected<void> check_bond_slot(v1::BondRole role, const std::string& job_id) {
  if (role != v1::BOND_EXECUTOR && role != v1::BOND_VALIDATOR && role != v1::BOND_ARBITER &&
      role != v1::BOND_DISPUTE) {
    return reject(kCodeMalformed, "bond role is unspecified or unknown (" + num(role) + ")");
  }
  if (role == v1::BOND_DISPUTE && job_id.empty()) {
    return reject(kCodeMalformed, "a dispute bond needs a job id");
  }
  if (role != v1::BOND_DISPUTE && !job_id.empty()) {
    return reject(kCodeMalformed, std::string("a ") + role_name(role) +
                                      " bond takes no job id (got '" + job_id + "')");
  }
  return {};
}

Expected<void> need_did(const std::string& did, const char* field) {
  if (did.empty()) return reject(kCodeMalformed, std::string(field) + " is empty");
  return {};
}

Expected<void> need_amount(std::uint64_t amount, const char* what) {
  if (amount == 0) return reject(kCodeZeroAmount, std::string(what) + " amount is zero");
  return {};
}

Expected<void> need_free(const LedgerState& state, const std::string& did, std::uint64_t amount) {
  std::uint64_t have = free_balance(state, did);
  if (have < amount) {
    return reject(kCodeOverdrawn, did + " has " + num(have) + " free mana, needs " + num(amount));
  }
  return {};
}

Expected<void> need_credit_room(const LedgerState& state, const std::string& did,
                                std::uint64_t amount) {
  if (add_overflows(free_balance(state, did), amount)) {
    return reject(kCodeOverflow, "crediting " + num(amount) + " to " + did + " overflows u64");
  }
  return {};
}

// Sums `amount` per recipient; false when the total (or a recipient's sum) overflows.
template <class Items>
bool sum_by_recipient(const Items& items, std::map<std::string, std::uint64_t>& per_recipient,
                      std::uint64_t& total) {
  total = 0;
  for (const auto& item : items) {
    if (add_overflows(total, item.amount())) return false;
    total += item.amount();
    per_recipient[item.to()] += item.amount();  // bounded by total, cannot overflow
  }
  return true;
}

// Reusable recipient checks for payouts and slash shares.
template <class Items>
Expected<void> check_recipients(const Items& items, const char* what) {
  for (const auto& item : items) {
    if (auto ok = need_did(item.to(), what); !ok) return ok;
    if (auto ok = need_amount(item.amount(), what); !ok) return ok;
  }
  return {};
}

Expected<void> check_nonce(const LedgerState& state, const Tx& tx) {
  auto it = state.last_nonce.find(tx.authorizer());
  if (it != state.last_nonce.end() && tx.nonce() <= it->second) {
    return reject(kCodeBadNonce, "nonce " + num(tx.nonce()) + " of " + tx.authorizer() +
                                     " is not above its last nonce " + num(it->second));
  }
  return {};
}

// A transaction's signed timestamp is its effective time: not in the future of `now`, not
// older than kMaxTxAgeMs, and never before the ledger's clock (log time only moves forward).
Expected<void> check_timestamp(const LedgerState& state, const Tx& tx, UnixMs now) {
  UnixMs ts = tx.timestamp_unix_ms();
  if (ts > now) {
    return reject(kCodeBadTimestamp, "timestamp " + num(ts) + " is after now (" + num(now) + ")");
  }
  if (now - ts > kMaxTxAgeMs) {
    return reject(kCodeBadTimestamp, "timestamp " + num(ts) + " is more than " + num(kMaxTxAgeMs) +
                                         " ms before now (" + num(now) + ")");
  }
  if (ts < state.clock) {
    return reject(kCodeBadTimestamp, "timestamp " + num(ts) + " is before the ledger clock (" +
                                         num(state.clock) + ")");
  }
  return {};
}

Expected<Receipt> apply_mint(LedgerState& state, const v1::Mint& m) {
  if (auto ok = need_did(m.to(), "mint.to"); !ok) return tl::unexpected(ok.error());
  if (auto ok = need_amount(m.amount(), "mint"); !ok) return tl::unexpected(ok.error());
  if (add_overflows(state.minted, m.amount())) {
    return reject(kCodeOverflow, "minting " + num(m.amount()) + " overflows total minted");
  }
  if (auto ok = need_credit_room(state, m.to(), m.amount()); !ok) {
    return tl::unexpected(ok.error());
  }
  state.minted += m.amount();
  state.accounts[m.to()].free += m.amount();
  return Receipt{Tx::kMint, m.amount(), m.amount(), 0};
}

// Regeneration: one credit per account per period index (not from a future period), at most
// regen_per_period, never lifting the free balance above regen_cap, only for accounts with at
// least regen_min_bond bonded.
Expected<Receipt> apply_regenerate(LedgerState& state, const v1::Regenerate& r, UnixMs ts,
                                   const Params& params) {
  if (auto ok = need_did(r.account(), "regenerate.account"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = need_amount(r.amount(), "regenerate"); !ok) return tl::unexpected(ok.error());
  if (params.regen_period_ms() == 0) {
    return reject(kCodeRegenNotDue, "regeneration is disabled (regen_period_ms = 0)");
  }
  std::uint64_t current = ts / params.regen_period_ms();
  if (r.period_index() > current) {
    return reject(kCodeRegenNotDue, "period " + num(r.period_index()) +
                                        " has not started (current period " + num(current) + ")");
  }
  auto it = state.accounts.find(r.account());
  if (it != state.accounts.end() && it->second.last_regen_period &&
      r.period_index() <= *it->second.last_regen_period) {
    return reject(kCodeRegenNotDue, r.account() + " already regenerated in period " +
                                        num(*it->second.last_regen_period) + " (asked for " +
                                        num(r.period_index()) + ")");
  }
  std::uint64_t bond = total_bonded(state, r.account());
  if (bond < params.regen_min_bond()) {
    return reject(kCodeInsufficientBond, r.account() + " has " + num(bond) +
                                             " bonded, regeneration needs " +
                                             num(params.regen_min_bond()));
  }
  if (r.amount() > params.regen_per_period()) {
    return reject(kCodeRegenOverCap, "amount " + num(r.amount()) + " is above regen_per_period " +
                                         num(params.regen_per_period()));
  }
  std::uint64_t free = free_balance(state, r.account());
  if (add_overflows(free, r.amount()) || free + r.amount() > params.regen_cap()) {
    return reject(kCodeRegenOverCap, "free balance " + num(free) + " + " + num(r.amount()) +
                                         " would exceed regen_cap " + num(params.regen_cap()));
  }
  if (add_overflows(state.minted, r.amount())) {
    return reject(kCodeOverflow, "regenerating " + num(r.amount()) + " overflows total minted");
  }
  state.minted += r.amount();
  Account& account = state.accounts[r.account()];
  account.free += r.amount();
  account.last_regen_period = r.period_index();
  return Receipt{Tx::kRegenerate, r.amount(), r.amount(), 0};
}

Expected<Receipt> apply_transfer(LedgerState& state, const v1::Transfer& t) {
  if (auto ok = need_did(t.from(), "transfer.from"); !ok) return tl::unexpected(ok.error());
  if (auto ok = need_did(t.to(), "transfer.to"); !ok) return tl::unexpected(ok.error());
  if (auto ok = need_amount(t.amount(), "transfer"); !ok) return tl::unexpected(ok.error());
  if (auto ok = need_free(state, t.from(), t.amount()); !ok) return tl::unexpected(ok.error());
  if (t.from() != t.to()) {
    if (auto ok = need_credit_room(state, t.to(), t.amount()); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  state.accounts[t.from()].free -= t.amount();
  state.accounts[t.to()].free += t.amount();
  return Receipt{Tx::kTransfer, t.amount(), 0, 0};
}

Expected<Receipt> apply_escrow_lock(LedgerState& state, const v1::EscrowLock& e) {
  if (e.job_id().empty()) return reject(kCodeMalformed, "escrow_lock.job_id is empty");
  if (auto ok = need_did(e.payer(), "escrow_lock.payer"); !ok) return tl::unexpected(ok.error());
  if (auto ok = need_amount(e.amount(), "escrow_lock"); !ok) return tl::unexpected(ok.error());
  if (state.escrows.count(e.job_id()) != 0) {
    return reject(kCodeDuplicateEscrow, "job " + e.job_id() + " already has an escrow");
  }
  if (auto ok = need_free(state, e.payer(), e.amount()); !ok) return tl::unexpected(ok.error());
  state.accounts[e.payer()].free -= e.amount();
  state.escrows[e.job_id()] = Escrow{e.payer(), e.amount(), false, 0};
  return Receipt{Tx::kEscrowLock, e.amount(), 0, 0};
}

// An escrow is released exactly once, completely: the payouts sum to the locked amount.
Expected<Receipt> apply_escrow_release(LedgerState& state, const v1::EscrowRelease& r) {
  auto it = state.escrows.find(r.job_id());
  if (it == state.escrows.end()) {
    return reject(kCodeUnknownEscrow, "no escrow for job '" + r.job_id() + "'");
  }
  Escrow& escrow = it->second;
  if (escrow.released) {
    return reject(kCodeAlreadyReleased, "escrow of job " + r.job_id() + " was already released");
  }
  if (auto ok = check_recipients(r.payouts(), "payout"); !ok) return tl::unexpected(ok.error());
  std::map<std::string, std::uint64_t> credits;
  std::uint64_t total = 0;
  if (!sum_by_recipient(r.payouts(), credits, total)) {
    return reject(kCodeOverflow, "payouts of job " + r.job_id() + " overflow u64");
  }
  if (total != escrow.amount) {
    return reject(kCodeReleaseMismatch, "payouts of job " + r.job_id() + " sum to " + num(total) +
                                            ", the escrow holds " + num(escrow.amount));
  }
  for (const auto& [did, amount] : credits) {
    if (auto ok = need_credit_room(state, did, amount); !ok) return tl::unexpected(ok.error());
  }
  for (const auto& [did, amount] : credits) state.accounts[did].free += amount;
  escrow.released = true;
  escrow.release_count += 1;
  return Receipt{Tx::kEscrowRelease, total, 0, 0};
}

Expected<Receipt> apply_bond_post(LedgerState& state, const v1::BondPost& b) {
  if (auto ok = need_did(b.account(), "bond_post.account"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = check_bond_slot(b.role(), b.job_id()); !ok) return tl::unexpected(ok.error());
  if (auto ok = need_amount(b.amount(), "bond_post"); !ok) return tl::unexpected(ok.error());
  if (auto ok = need_free(state, b.account(), b.amount()); !ok) return tl::unexpected(ok.error());
  if (add_overflows(bonded(state, b.account(), b.role(), b.job_id()), b.amount())) {
    return reject(kCodeOverflow, "bond of " + b.account() + " would overflow u64");
  }
  Account& account = state.accounts[b.account()];
  account.free -= b.amount();
  account.bonds[BondKey{b.role(), b.job_id()}] += b.amount();
  return Receipt{Tx::kBondPost, b.amount(), 0, 0};
}

Expected<Receipt> apply_bond_withdraw(LedgerState& state, const v1::BondWithdraw& w, UnixMs ts,
                                      const Params& params) {
  if (auto ok = need_did(w.account(), "bond_withdraw.account"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = check_bond_slot(w.role(), w.job_id()); !ok) return tl::unexpected(ok.error());
  if (auto ok = need_amount(w.amount(), "bond_withdraw"); !ok) return tl::unexpected(ok.error());
  std::uint64_t have = bonded(state, w.account(), w.role(), w.job_id());
  if (have < w.amount()) {
    return reject(kCodeInsufficientBond, w.account() + " has " + num(have) + " bonded as " +
                                             role_name(w.role()) + ", cannot withdraw " +
                                             num(w.amount()));
  }
  if (add_overflows(ts, params.unbonding_delay_ms())) {
    return reject(kCodeOverflow, "release time overflows u64");
  }
  Account& account = state.accounts[w.account()];
  BondKey key{w.role(), w.job_id()};
  auto bond = account.bonds.find(key);
  bond->second -= w.amount();
  if (bond->second == 0) account.bonds.erase(bond);
  account.unbonding.push_back(Unbonding{key, w.amount(), ts + params.unbonding_delay_ms()});
  return Receipt{Tx::kBondWithdraw, w.amount(), 0, 0};
}

// Claims every unbonding entry whose release time has come; nothing due is an error.
Expected<Receipt> apply_bond_claim(LedgerState& state, const v1::BondClaim& c, UnixMs ts) {
  if (auto ok = need_did(c.account(), "bond_claim.account"); !ok) {
    return tl::unexpected(ok.error());
  }
  auto it = state.accounts.find(c.account());
  if (it == state.accounts.end() || it->second.unbonding.empty()) {
    return reject(kCodeNotYetUnbonded, c.account() + " has nothing unbonding");
  }
  Account& account = it->second;
  std::uint64_t due = 0;
  UnixMs next = std::numeric_limits<UnixMs>::max();
  for (const auto& u : account.unbonding) {
    if (u.release_at <= ts) {
      if (add_overflows(due, u.amount)) return reject(kCodeOverflow, "claim overflows u64");
      due += u.amount;
    } else if (u.release_at < next) {
      next = u.release_at;
    }
  }
  if (due == 0) {
    return reject(kCodeNotYetUnbonded, c.account() + " has nothing released yet (next release at " +
                                           num(next) + ", now " + num(ts) + ")");
  }
  if (add_overflows(account.free, due)) return reject(kCodeOverflow, "claim overflows u64");
  std::vector<Unbonding> pending;
  for (const auto& u : account.unbonding) {
    if (u.release_at > ts) pending.push_back(u);
  }
  account.unbonding = std::move(pending);
  account.free += due;
  return Receipt{Tx::kBondClaim, due, 0, 0};
}

// Slash takes from the slot's active bond first, then from its unclaimed unbonding entries
// (newest first); shares go to their DIDs and the remainder is burned.
Expected<Receipt> apply_slash(LedgerState& state, const v1::Slash& s) {
  if (auto ok = need_did(s.account(), "slash.account"); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_bond_slot(s.role(), s.job_id()); !ok) return tl::unexpected(ok.error());
  if (auto ok = need_amount(s.amount(), "slash"); !ok) return tl::unexpected(ok.error());
  if (s.disposition() != v1::SLASH_BURN && s.disposition() != v1::SLASH_REDISTRIBUTE) {
    return reject(kCodeMalformed, "slash disposition is unspecified");
  }
  std::uint64_t available = slashable(state, s.account(), s.role(), s.job_id());
  if (available < s.amount()) {
    return reject(kCodeInsufficientBond, s.account() + " has " + num(available) + " slashable as " +
                                             role_name(s.role()) + ", cannot slash " +
                                             num(s.amount()));
  }
  std::map<std::string, std::uint64_t> credits;
  std::uint64_t shared = 0;
  if (s.disposition() == v1::SLASH_BURN && s.shares_size() != 0) {
    return reject(kCodeBadShares, "a burn slash takes no shares");
  }
  if (auto ok = check_recipients(s.shares(), "slash share"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (!sum_by_recipient(s.shares(), credits, shared) || shared > s.amount()) {
    return reject(kCodeBadShares, "slash shares exceed the slashed amount " + num(s.amount()));
  }
  for (const auto& [did, amount] : credits) {
    if (auto ok = need_credit_room(state, did, amount); !ok) return tl::unexpected(ok.error());
  }
  std::uint64_t burn = s.amount() - shared;
  if (add_overflows(state.burned, burn) || state.burned + burn > state.minted) {
    return reject(kCodeOverflow, "burning " + num(burn) + " exceeds the minted total");
  }
  Account& account = state.accounts[s.account()];
  BondKey key{s.role(), s.job_id()};
  std::uint64_t left = s.amount();
  if (auto bond = account.bonds.find(key); bond != account.bonds.end()) {
    std::uint64_t take = std::min(left, bond->second);
    bond->second -= take;
    left -= take;
    if (bond->second == 0) account.bonds.erase(bond);
  }
  for (auto u = account.unbonding.rbegin(); left > 0 && u != account.unbonding.rend(); ++u) {
    if (!(u->bond == key)) continue;
    std::uint64_t take = std::min(left, u->amount);
    u->amount -= take;
    left -= take;
  }
  std::vector<Unbonding> kept;
  for (const auto& u : account.unbonding) {
    if (u.amount != 0) kept.push_back(u);
  }
  account.unbonding = std::move(kept);
  for (const auto& [did, amount] : credits) state.accounts[did].free += amount;
  state.burned += burn;
  return Receipt{Tx::kSlash, s.amount(), 0, burn};
}

// The DID that must authorize `tx`: the authority for Mint, Regenerate, EscrowRelease and
// Slash; otherwise the account whose mana moves.
Expected<std::string> required_authorizer(const LedgerState& state, const Tx& tx) {
  switch (tx.body_case()) {
    case Tx::kMint:
    case Tx::kRegenerate:
    case Tx::kEscrowRelease:
    case Tx::kSlash:
      return state.authority;
    case Tx::kTransfer:
      return tx.transfer().from();
    case Tx::kEscrowLock:
      return tx.escrow_lock().payer();
    case Tx::kBondPost:
      return tx.bond_post().account();
    case Tx::kBondWithdraw:
      return tx.bond_withdraw().account();
    case Tx::kBondClaim:
      return tx.bond_claim().account();
    default:
      return reject(kCodeMalformed, "transaction has no body");
  }
}

}  // namespace

Expected<void> authorize(const LedgerState& state, const Tx& tx, const std::string& signer_did) {
  if (tx.authorizer().empty()) return reject(kCodeMalformed, "authorizer is empty");
  auto required = required_authorizer(state, tx);
  if (!required) return tl::unexpected(required.error());
  if (signer_did != tx.authorizer()) {
    return reject(kCodeUnauthorized,
                  "signed by " + signer_did + " but the authorizer is " + tx.authorizer());
  }
  if (required->empty()) return reject(kCodeMalformed, "the paying account is empty");
  if (*required != tx.authorizer()) {
    bool authority_only = *required == state.authority;
    return reject(kCodeUnauthorized,
                  tx.authorizer() + " may not authorize this transaction; only " +
                      (authority_only ? "the ledger authority " : "") + *required + " may");
  }
  return {};
}

Expected<Receipt> apply(LedgerState& state, const Tx& tx, const std::string& signer_did,
                        const Params& params, UnixMs now) {
  if (auto ok = authorize(state, tx, signer_did); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_nonce(state, tx); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_timestamp(state, tx, now); !ok) return tl::unexpected(ok.error());
  UnixMs ts = tx.timestamp_unix_ms();
  Expected<Receipt> receipt = reject(kCodeMalformed, "transaction has no body");
  switch (tx.body_case()) {
    case Tx::kMint:
      receipt = apply_mint(state, tx.mint());
      break;
    case Tx::kRegenerate:
      receipt = apply_regenerate(state, tx.regenerate(), ts, params);
      break;
    case Tx::kTransfer:
      receipt = apply_transfer(state, tx.transfer());
      break;
    case Tx::kEscrowLock:
      receipt = apply_escrow_lock(state, tx.escrow_lock());
      break;
    case Tx::kEscrowRelease:
      receipt = apply_escrow_release(state, tx.escrow_release());
      break;
    case Tx::kBondPost:
      receipt = apply_bond_post(state, tx.bond_post());
      break;
    case Tx::kBondWithdraw:
      receipt = apply_bond_withdraw(state, tx.bond_withdraw(), ts, params);
      break;
    case Tx::kBondClaim:
      receipt = apply_bond_claim(state, tx.bond_claim(), ts);
      break;
    case Tx::kSlash:
      receipt = apply_slash(state, tx.slash());
      break;
    default:
      break;
  }
  if (!receipt) return receipt;
  state.clock = ts;
  state.last_nonce[tx.authorizer()] = tx.nonce();
  return receipt;
}

}  // namespace icn::ledger
