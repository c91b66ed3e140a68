// Every ledger transaction kind and every rejection code (protocol/ledger/apply.hpp).
#include <doctest/doctest.h>

#include "protocol/crypto/sim_mac.hpp"
#include "protocol/crypto/verifier.hpp"
#include "protocol/ledger/describe.hpp"
#include "protocol/ledger/invariant.hpp"
#include "protocol/ledger/ledger.hpp"
#include "protocol/ledger/log.hpp"
#include "tests/protocol/ledger_test_util.hpp"

using namespace icn;
using namespace icn::ledger;
using namespace icn::ledger::test;

namespace {

const std::string kAlice = "did:test:alice";
const std::string kBob = "did:test:bob";
const std::string kCarol = "did:test:carol";
const std::string kJob = "sha256:job1";

// Applies `tx` and checks it is rejected with `code` and leaves the state untouched.
void expect_reject(Fixture& f, v1::LedgerTx tx, std::string_view code,
                   const std::string& signer = {}) {
  LedgerState before = f.state;
  auto r = signer.empty() ? f.run(std::move(tx)) : f.run_signed_by(std::move(tx), signer);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == code);
  CHECK_FALSE(r.error().message.empty());
  CHECK(f.state == before);
}

void expect_ok(Fixture& f, v1::LedgerTx tx) {
  auto r = f.run(std::move(tx));
  if (!r) FAIL(r.error().code << ": " << r.error().message);
  CHECK_FALSE(check_invariant(f.state).has_value());
}

}  // namespace

TEST_CASE("mint credits the account and the minted total; only the authority may mint") {
  Fixture f;
  expect_ok(f, mint(kAlice, 100));
  CHECK(free_balance(f.state, kAlice) == 100);
  CHECK(f.state.minted == 100);
  CHECK(supply(f.state) == 100);
  auto forged = mint(kAlice, 5);
  forged.set_authorizer(kAlice);
  expect_reject(f, forged, kCodeUnauthorized);
  expect_reject(f, mint(kAlice, 0), kCodeZeroAmount);
  expect_reject(f, mint("", 5), kCodeMalformed);
}

TEST_CASE("the signer must be the authorizer") {
  Fixture f;
  expect_ok(f, mint(kAlice, 100));
  expect_reject(f, transfer(kAlice, kBob, 10), kCodeUnauthorized, kBob);
  expect_reject(f, mint(kBob, 10), kCodeUnauthorized, kAlice);
}

TEST_CASE("transfer moves free mana; only `from` may sign; overdraft is rejected") {
  Fixture f;
  expect_ok(f, mint(kAlice, 100));
  expect_ok(f, transfer(kAlice, kBob, 30));
  CHECK(free_balance(f.state, kAlice) == 70);
  CHECK(free_balance(f.state, kBob) == 30);
  expect_ok(f, transfer(kAlice, kAlice, 70));  // to self: no change
  CHECK(free_balance(f.state, kAlice) == 70);
  expect_reject(f, transfer(kAlice, kBob, 71), kCodeOverdrawn);
  expect_reject(f, transfer(kCarol, kBob, 1), kCodeOverdrawn);
  auto stolen = transfer(kAlice, kBob, 10);
  stolen.set_authorizer(kBob);
  expect_reject(f, stolen, kCodeUnauthorized);
  expect_reject(f, transfer(kAlice, kBob, 0), kCodeZeroAmount);
  expect_reject(f, transfer(kAlice, "", 1), kCodeMalformed);
}

TEST_CASE("nonces are per authorizer and strictly increasing") {
  Fixture f;
  auto first = mint(kAlice, 10);
  first.set_nonce(5);
  expect_ok(f, first);
  auto same = mint(kAlice, 10);
  same.set_nonce(5);
  expect_reject(f, same, kCodeBadNonce);
  auto lower = mint(kAlice, 10);
  lower.set_nonce(4);
  expect_reject(f, lower, kCodeBadNonce);
  auto t = transfer(kAlice, kBob, 1);
  t.set_nonce(1);  // alice's own nonce sequence is independent of the authority's
  expect_ok(f, t);
  auto higher = mint(kAlice, 10);
  higher.set_nonce(9);
  expect_ok(f, higher);
  CHECK(f.state.last_nonce.at(kAuthority) == 9);
}

TEST_CASE("timestamps: not in the future, not too old, never before the ledger clock") {
  Fixture f;
  auto future = mint(kAlice, 1);
  future.set_timestamp_unix_ms(f.now + 1);
  expect_reject(f, future, kCodeBadTimestamp);
  auto old = mint(kAlice, 1);
  old.set_timestamp_unix_ms(f.now - kMaxTxAgeMs - 1);
  expect_reject(f, old, kCodeBadTimestamp);
  expect_ok(f, mint(kAlice, 1));
  CHECK(f.state.clock == f.now);
  f.now += 10;
  auto before_clock = mint(kAlice, 1);
  before_clock.set_timestamp_unix_ms(f.now - 20);
  expect_reject(f, before_clock, kCodeBadTimestamp);
}

TEST_CASE("escrow lock and release: exactly once, payouts sum to the locked amount") {
  Fixture f;
  expect_ok(f, mint(kAlice, 100));
  expect_ok(f, lock(kJob, kAlice, 60));
  CHECK(free_balance(f.state, kAlice) == 40);
  CHECK(escrowed_by(f.state, kAlice) == 60);
  expect_reject(f, lock(kJob, kAlice, 10), kCodeDuplicateEscrow);
  expect_reject(f, lock("sha256:job2", kAlice, 41), kCodeOverdrawn);
  expect_reject(f, lock("", kAlice, 1), kCodeMalformed);
  expect_reject(f, lock("sha256:job2", kAlice, 0), kCodeZeroAmount);
  auto foreign = lock("sha256:job2", kAlice, 5);
  foreign.set_authorizer(kBob);
  expect_reject(f, foreign, kCodeUnauthorized);

  expect_reject(f, release(kJob, {{kBob, 50}}), kCodeReleaseMismatch);
  expect_reject(f, release(kJob, {{kBob, 50}, {kAlice, 11}}), kCodeReleaseMismatch);
  expect_reject(f, release(kJob, {}), kCodeReleaseMismatch);
  expect_reject(f, release(kJob, {{kBob, 60}, {kAlice, 0}}), kCodeZeroAmount);
  expect_reject(f, release(kJob, {{kBob, UINT64_MAX}, {kAlice, 2}}), kCodeOverflow);
  expect_reject(f, release("sha256:nope", {{kBob, 60}}), kCodeUnknownEscrow);
  auto by_payer = release(kJob, {{kBob, 60}});
  by_payer.set_authorizer(kAlice);
  expect_reject(f, by_payer, kCodeUnauthorized);

  expect_ok(f, release(kJob, {{kBob, 50}, {kAlice, 10}}));
  CHECK(free_balance(f.state, kBob) == 50);
  CHECK(free_balance(f.state, kAlice) == 50);
  CHECK(escrowed_by(f.state, kAlice) == 0);
  CHECK(f.state.escrows.at(kJob).released);
  expect_reject(f, release(kJob, {{kBob, 60}}), kCodeAlreadyReleased);
  expect_reject(f, lock(kJob, kAlice, 5), kCodeDuplicateEscrow);  // job ids are never reused
}

TEST_CASE("bonds: post, withdraw into unbonding, claim after the delay") {
  Fixture f;
  expect_ok(f, mint(kAlice, 100));
  expect_ok(f, post(kAlice, v1::BOND_EXECUTOR, 60));
  CHECK(bonded(f.state, kAlice, v1::BOND_EXECUTOR) == 60);
  CHECK(free_balance(f.state, kAlice) == 40);
  expect_reject(f, post(kAlice, v1::BOND_EXECUTOR, 41), kCodeOverdrawn);
  expect_reject(f, post(kAlice, v1::BOND_ROLE_UNSPECIFIED, 1), kCodeMalformed);
  expect_reject(f, post(kAlice, v1::BOND_DISPUTE, 1), kCodeMalformed);  // needs a job id
  expect_reject(f, post(kAlice, v1::BOND_EXECUTOR, 1, kJob), kCodeMalformed);
  expect_reject(f, post(kAlice, v1::BOND_EXECUTOR, 0), kCodeZeroAmount);
  auto foreign = post(kAlice, v1::BOND_EXECUTOR, 1);
  foreign.set_authorizer(kAuthority);
  expect_reject(f, foreign, kCodeUnauthorized);

  expect_ok(f, post(kAlice, v1::BOND_DISPUTE, 10, kJob));
  CHECK(bonded(f.state, kAlice, v1::BOND_DISPUTE, kJob) == 10);
  CHECK(total_bonded(f.state, kAlice) == 70);

  expect_reject(f, withdraw(kAlice, v1::BOND_EXECUTOR, 61), kCodeInsufficientBond);
  expect_reject(f, withdraw(kAlice, v1::BOND_VALIDATOR, 1), kCodeInsufficientBond);
  expect_reject(f, withdraw(kAlice, v1::BOND_EXECUTOR, 0), kCodeZeroAmount);
  expect_reject(f, claim(kAlice), kCodeNotYetUnbonded);  // nothing unbonding
  expect_ok(f, withdraw(kAlice, v1::BOND_EXECUTOR, 60));
  CHECK(bonded(f.state, kAlice, v1::BOND_EXECUTOR) == 0);
  CHECK(unbonding_total(f.state, kAlice) == 60);
  CHECK(f.state.accounts.at(kAlice).unbonding.at(0).release_at == f.now + 5000);
  f.now += 4999;
  expect_reject(f, claim(kAlice), kCodeNotYetUnbonded);
  f.now += 1;
  auto claimed = f.run(claim(kAlice));
  REQUIRE(claimed);
  CHECK(claimed->amount == 60);
  CHECK(free_balance(f.state, kAlice) == 90);
  CHECK(unbonding_total(f.state, kAlice) == 0);
  auto foreign_claim = claim(kAlice);
  foreign_claim.set_authorizer(kBob);
  expect_reject(f, foreign_claim, kCodeUnauthorized);
}

TEST_CASE("regenerate: once per period, within rate and cap, only for bonded accounts") {
  Fixture f;
  f.now = 10'000;  // period 10 with regen_period_ms = 1000
  expect_ok(f, mint(kAlice, 80));
  expect_reject(f, regen(kAlice, 10, 10), kCodeInsufficientBond);
  expect_ok(f, post(kAlice, v1::BOND_VALIDATOR, 50));          // free 30, bond 50 = regen_min_bond
  expect_reject(f, regen(kAlice, 11, 10), kCodeRegenOverCap);  // above regen_per_period
  expect_reject(f, regen(kAlice, 10, 11), kCodeRegenNotDue);   // future period
  expect_reject(f, regen(kAlice, 0, 10), kCodeZeroAmount);
  auto by_self = regen(kAlice, 10, 10);
  by_self.set_authorizer(kAlice);
  expect_reject(f, by_self, kCodeUnauthorized);
  expect_ok(f, regen(kAlice, 10, 10));
  CHECK(free_balance(f.state, kAlice) == 40);
  CHECK(f.state.minted == 90);
  expect_reject(f, regen(kAlice, 5, 10), kCodeRegenNotDue);  // same period again
  expect_reject(f, regen(kAlice, 5, 9), kCodeRegenNotDue);   // an earlier period
  f.now = 11'000;
  expect_ok(f, regen(kAlice, 10, 11));
  // cap: free 50 of cap 100; bring free to 95, then 10 more would pass the cap.
  expect_ok(f, mint(kAlice, 45));
  f.now = 12'000;
  expect_reject(f, regen(kAlice, 10, 12), kCodeRegenOverCap);
  expect_ok(f, regen(kAlice, 5, 12));
  CHECK(free_balance(f.state, kAlice) == 100);
  f.params.set_regen_period_ms(0);
  f.now = 20'000;
  expect_reject(f, regen(kAlice, 1, 20), kCodeRegenNotDue);  // disabled
}

TEST_CASE("slash burns or redistributes; reaches unbonding; limited to the slot's bond") {
  Fixture f;
  expect_ok(f, mint(kAlice, 100));
  expect_ok(f, post(kAlice, v1::BOND_EXECUTOR, 60));
  expect_reject(f, slash(kAlice, v1::BOND_EXECUTOR, 61, v1::SLASH_BURN), kCodeInsufficientBond);
  expect_reject(f, slash(kAlice, v1::BOND_VALIDATOR, 1, v1::SLASH_BURN), kCodeInsufficientBond);
  expect_reject(f, slash(kAlice, v1::BOND_EXECUTOR, 0, v1::SLASH_BURN), kCodeZeroAmount);
  expect_reject(f, slash(kAlice, v1::BOND_EXECUTOR, 5, v1::SLASH_DISPOSITION_UNSPECIFIED),
                kCodeMalformed);
  expect_reject(f, slash(kAlice, v1::BOND_EXECUTOR, 5, v1::SLASH_BURN, {{kBob, 1}}),
                kCodeBadShares);
  expect_reject(f, slash(kAlice, v1::BOND_EXECUTOR, 5, v1::SLASH_REDISTRIBUTE, {{kBob, 6}}),
                kCodeBadShares);
  expect_reject(f, slash(kAlice, v1::BOND_EXECUTOR, 5, v1::SLASH_REDISTRIBUTE, {{kBob, 0}}),
                kCodeZeroAmount);
  auto by_victim = slash(kAlice, v1::BOND_EXECUTOR, 5, v1::SLASH_BURN);
  by_victim.set_authorizer(kBob);
  expect_reject(f, by_victim, kCodeUnauthorized);

  auto burned = f.run(slash(kAlice, v1::BOND_EXECUTOR, 10, v1::SLASH_BURN));
  REQUIRE(burned);
  CHECK(burned->burned == 10);
  CHECK(f.state.burned == 10);
  CHECK(bonded(f.state, kAlice, v1::BOND_EXECUTOR) == 50);
  CHECK(supply(f.state) == 90);

  auto shared =
      f.run(slash(kAlice, v1::BOND_EXECUTOR, 20, v1::SLASH_REDISTRIBUTE, {{kBob, 7}, {kCarol, 8}}));
  REQUIRE(shared);
  CHECK(shared->burned == 5);
  CHECK(free_balance(f.state, kBob) == 7);
  CHECK(free_balance(f.state, kCarol) == 8);
  CHECK(bonded(f.state, kAlice, v1::BOND_EXECUTOR) == 30);
  CHECK_FALSE(check_invariant(f.state).has_value());

  // Withdrawn but unclaimed bond stays slashable: unbonding does not escape a slash.
  expect_ok(f, withdraw(kAlice, v1::BOND_EXECUTOR, 20));
  CHECK(slashable(f.state, kAlice, v1::BOND_EXECUTOR) == 30);
  expect_ok(f, slash(kAlice, v1::BOND_EXECUTOR, 25, v1::SLASH_BURN));
  CHECK(bonded(f.state, kAlice, v1::BOND_EXECUTOR) == 0);
  CHECK(unbonding_total(f.state, kAlice) == 5);
  CHECK(f.state.burned == 40);

  // Dispute bonds are per job.
  expect_ok(f, post(kAlice, v1::BOND_DISPUTE, 10, kJob));
  expect_reject(f, slash(kAlice, v1::BOND_DISPUTE, 1, v1::SLASH_BURN, {}, "sha256:other"),
                kCodeInsufficientBond);
  expect_ok(f, slash(kAlice, v1::BOND_DISPUTE, 10, v1::SLASH_BURN, {}, kJob));
  CHECK_FALSE(check_invariant(f.state).has_value());
}

TEST_CASE("u64 overflow is rejected, never wrapped") {
  Fixture f;
  expect_ok(f, mint(kAlice, UINT64_MAX));
  expect_reject(f, mint(kBob, 1), kCodeOverflow);
  CHECK_FALSE(check_invariant(f.state).has_value());
}

TEST_CASE("a transaction without a body or authorizer is malformed") {
  Fixture f;
  expect_reject(f, with_auth(kAlice), kCodeMalformed);
  expect_reject(f, transfer("", kBob, 1), kCodeMalformed);
}

TEST_CASE("the invariant checker reports conservation and double-release violations") {
  Fixture f;
  expect_ok(f, mint(kAlice, 100));
  expect_ok(f, lock(kJob, kAlice, 30));
  CHECK_FALSE(check_invariant(f.state).has_value());
  LedgerState leaked = f.state;
  leaked.accounts[kBob].free = 1;
  auto v = check_invariant(leaked);
  REQUIRE(v.has_value());
  CHECK(v->find("minted - burned") != std::string::npos);
  LedgerState twice = f.state;
  twice.escrows[kJob].released = true;
  twice.escrows[kJob].release_count = 2;
  REQUIRE(check_invariant(twice).has_value());
  LedgerState burned_too_much = f.state;
  burned_too_much.burned = 101;
  REQUIRE(check_invariant(burned_too_much).has_value());
}

namespace {
struct SignedWorld {
  SimKeyRegistry keys;
  SimMacSigner authority = keys.enroll(seed(1));
  SimMacSigner alice = keys.enroll(seed(2));
  SimMacSigner bob = keys.enroll(seed(3));
  SchemeVerifier verifier{&keys};
  static Ed25519Seed seed(std::uint8_t b) {
    Ed25519Seed s{};
    s.fill(b);
    return s;
  }
};

SignedTx signed_tx(v1::LedgerTx tx, const Signer& signer, std::uint64_t nonce, UnixMs ts) {
  tx.set_authorizer(signer.did());
  tx.set_nonce(nonce);
  tx.set_timestamp_unix_ms(ts);
  return sign_tx(tx, signer);
}
}  // namespace

TEST_CASE("Ledger::submit verifies signatures, appends a hash chain that replays") {
  SignedWorld w;
  Ledger ledger(Genesis{w.authority.did()}, test_params());
  UnixMs now = 50'000;
  auto m = mint(w.alice.did(), 100);
  REQUIRE(ledger.submit(signed_tx(m, w.authority, 1, now), w.verifier, now));
  auto t = transfer(w.alice.did(), w.bob.did(), 40);
  REQUIRE(ledger.submit(signed_tx(t, w.alice, 1, now), w.verifier, now));

  // bob signing alice's transfer: the signature is bob's, the authorizer says alice.
  auto forged = signed_tx(t, w.alice, 2, now);
  forged.signature = w.bob.sign(forged.tx_bytes);
  auto r = ledger.submit(forged, w.verifier, now);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "bad_signature");

  // a Transfer from alice authorized (and validly signed) by bob
  auto t2 = transfer(w.alice.did(), w.bob.did(), 1);
  auto r2 = ledger.submit(signed_tx(t2, w.bob, 1, now), w.verifier, now);
  REQUIRE_FALSE(r2);
  CHECK(r2.error().code == "unauthorized");

  SignedTx garbage{to_bytes("not a protobuf \xff\xff"), {}, "sim-mac"};
  auto r3 = ledger.submit(garbage, w.verifier, now);
  REQUIRE_FALSE(r3);
  CHECK(r3.error().code == "malformed");

  // Canonical bytes plus an unknown field (number 99, varint 1): one transaction, one encoding.
  auto padded = signed_tx(mint(w.alice.did(), 1), w.authority, 2, now);
  padded.tx_bytes.push_back(0x98);  // tag (99 << 3 | 0) as a varint: 0x98 0x06
  padded.tx_bytes.push_back(0x06);
  padded.tx_bytes.push_back(0x01);
  padded.signature = w.authority.sign(ledger_signing_bytes(padded.tx_bytes));
  auto r4 = ledger.submit(padded, w.verifier, now);
  REQUIRE_FALSE(r4);
  CHECK(r4.error().code == "malformed");
  CHECK(r4.error().message.find("unknown") != std::string::npos);

  // A signature over the bare tx bytes (no domain tag) does not verify.
  auto untagged = signed_tx(mint(w.alice.did(), 1), w.authority, 2, now);
  untagged.signature = w.authority.sign(untagged.tx_bytes);
  auto r5 = ledger.submit(untagged, w.verifier, now);
  REQUIRE_FALSE(r5);
  CHECK(r5.error().code == "bad_signature");

  CHECK(ledger.height() == 2);
  const auto& entries = ledger.log().entries();
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].height() == 1);
  CHECK(entries[0].prev_hash() == std::string(32, '\0'));
  CHECK(entries[1].prev_hash() == entries[0].entry_hash());
  CHECK_FALSE(verify_chain(entries).has_value());

  auto rebuilt = replay(ledger.genesis(), ledger.params(), entries, &w.verifier);
  REQUIRE(rebuilt);
  CHECK(rebuilt->state() == ledger.state());
  CHECK(state_digest(rebuilt->state()) == state_digest(ledger.state()));
}

TEST_CASE("the entry hash follows the documented byte layout") {
  Bytes prev(32, 0);
  Bytes tx = to_bytes("tx");
  Bytes sig = to_bytes("sig");
  Bytes expected_input = to_bytes("icnmesh/ledger-entry/v1\n");
  append_u64_be(expected_input, 7);
  expected_input.insert(expected_input.end(), prev.begin(), prev.end());
  append_length_prefixed(expected_input, tx);
  append_length_prefixed(expected_input, sig);
  append_length_prefixed(expected_input, std::string_view("ed25519"));
  CHECK(compute_entry_hash(7, prev, tx, sig, "ed25519") == sha256(expected_input));
}

TEST_CASE("verify_chain names the first bad height and why") {
  SignedWorld w;
  Ledger ledger(Genesis{w.authority.did()}, test_params());
  for (std::uint64_t i = 1; i <= 6; ++i) {
    REQUIRE(
        ledger.submit(signed_tx(mint(w.alice.did(), i), w.authority, i, 1000), w.verifier, 1000));
  }
  auto entries = ledger.log().entries();
  CHECK_FALSE(verify_chain(entries).has_value());

  auto tampered = entries;
  tampered[3].set_tx_bytes(tampered[3].tx_bytes() + "x");
  auto fault = verify_chain(tampered);
  REQUIRE(fault);
  CHECK(fault->height == 4);
  CHECK(fault->message.rfind("entry 4: hash mismatch (stored ", 0) == 0);

  auto gap = entries;
  gap.erase(gap.begin() + 4);  // height 5
  fault = verify_chain(gap);
  REQUIRE(fault);
  CHECK(fault->height == 5);
  CHECK(fault->message == "entry 5 missing: heights jump from 4 to 6");

  auto relinked = entries;
  relinked[2].set_prev_hash(std::string(32, 'x'));
  fault = verify_chain(relinked);
  REQUIRE(fault);
  CHECK(fault->height == 3);

  // A correctly hashed but invalid transaction is caught by replay, with its height.
  auto bad_tx = entries;
  v1::LedgerTx overdraft = transfer(w.bob.did(), w.alice.did(), 5);
  overdraft.set_authorizer(w.bob.did());
  overdraft.set_nonce(1);
  overdraft.set_timestamp_unix_ms(1000);
  SignedTx s = sign_tx(overdraft, w.bob);
  LedgerLog rebuilt;
  for (int i = 0; i < 2; ++i) {
    rebuilt.append(Bytes(entries[i].tx_bytes().begin(), entries[i].tx_bytes().end()),
                   Bytes(entries[i].signature().begin(), entries[i].signature().end()),
                   entries[i].scheme());
  }
  rebuilt.append(s.tx_bytes, s.signature, s.scheme);
  CHECK_FALSE(verify_chain(rebuilt.entries()).has_value());
  auto replayed = replay(ledger.genesis(), ledger.params(), rebuilt.entries(), &w.verifier);
  REQUIRE_FALSE(replayed);
  CHECK(replayed.error().height == 3);
  CHECK(replayed.error().message.find("overdrawn") != std::string::npos);
}

TEST_CASE("describe: kind names, amounts and job ids for the store's columns") {
  CHECK(std::string(kind_name(v1::LedgerTx::kEscrowRelease)) == "escrow_release");
  CHECK(tx_amount(release(kJob, {{kBob, 3}, {kAlice, 4}})) == 7);
  CHECK(tx_job_id(lock(kJob, kAlice, 1)) == kJob);
  CHECK(tx_details(transfer(kAlice, kBob, 1)) == kAlice + " -> " + kBob);
}
