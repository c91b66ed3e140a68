// 100,000 random ledger transactions, valid and invalid, from a seeded splitmix64: the
// conservation invariant holds after each, rejected ones change nothing, and the hash chain
// verifies and replays to the same state at the end.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "protocol/crypto/sim_mac.hpp"
#include "protocol/crypto/verifier.hpp"
#include "protocol/ledger/invariant.hpp"
#include "protocol/ledger/ledger.hpp"
#include "tests/protocol/ledger_test_util.hpp"

using namespace icn;
using namespace icn::ledger;
using namespace icn::ledger::test;

namespace {

struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return n == 0 ? next() : next() % n; }
  bool chance(std::uint64_t percent) { return below(100) < percent; }
};

constexpr int kAccounts = 8;
constexpr std::uint64_t kJobs = 300;

struct Sim {
  SplitMix64 rng;
  SimKeyRegistry keys;
  std::vector<SimMacSigner> signers;  // [0] is the authority
  SchemeVerifier verifier{&keys};
  Params params = test_params();
  std::unique_ptr<Ledger> ledger;
  UnixMs now = 1'000'000;

  explicit Sim(std::uint64_t seed) : rng{seed} {
    for (int i = 0; i <= kAccounts; ++i) {
      Ed25519Seed s{};
      s.fill(static_cast<std::uint8_t>(i + 1));
      signers.push_back(keys.enroll(s));
    }
    ledger = std::make_unique<Ledger>(Genesis{signers[0].did()}, params);
  }
  const std::string& did(int i) const { return signers[static_cast<std::size_t>(i)].did(); }
  const std::string& account() { return did(1 + static_cast<int>(rng.below(kAccounts))); }
  std::string job() { return "sha256:job" + std::to_string(rng.below(kJobs)); }
  v1::BondRole role() { return static_cast<v1::BondRole>(1 + rng.below(4)); }
  std::uint64_t amount() {
    if (rng.chance(3)) return 0;
    if (rng.chance(10)) return 1 + rng.below(100'000);  // mostly more than anyone has
    return 1 + rng.below(60);
  }
  std::string job_for(v1::BondRole r) { return r == v1::BOND_DISPUTE ? job() : std::string(); }

  v1::LedgerTx random_body() {
    const LedgerState& s = ledger->state();
    switch (rng.below(10)) {
      case 0:
        return mint(account(), rng.chance(1) ? UINT64_MAX : amount());
      case 1: {
        const std::string& a = account();
        std::uint64_t period = s.clock / params.regen_period_ms() + (rng.chance(20) ? 1 : 0);
        return regen(a, rng.chance(10) ? 11 : 1 + rng.below(10), period);
      }
      case 2:
      case 3:
        return transfer(account(), account(), amount());
      case 4:
        return lock(job(), account(), amount());
      case 5: {
        std::string j = job();
        auto it = s.escrows.find(j);
        std::uint64_t total = it == s.escrows.end() ? amount() : it->second.amount;
        if (rng.chance(15)) total += rng.chance(50) ? 1 : static_cast<std::uint64_t>(-1);
        std::uint64_t first = total == 0 ? 0 : rng.below(total + 1);
        std::vector<std::pair<std::string, std::uint64_t>> payouts{{account(), first}};
        if (total - first > 0) payouts.push_back({account(), total - first});
        return release(j, payouts);
      }
      case 6: {
        auto r = role();
        return post(account(), r, amount(), job_for(r));
      }
      case 7: {
        auto r = role();
        return withdraw(account(), r, amount(), job_for(r));
      }
      case 8:
        return claim(account());
      default: {
        auto r = role();
        const std::string& a = account();
        std::uint64_t max = slashable(s, a, r, job_for(r)) + 3;
        auto disposition = rng.chance(50) ? v1::SLASH_BURN : v1::SLASH_REDISTRIBUTE;
        std::uint64_t amt = rng.chance(5) ? 0 : 1 + rng.below(max);
        std::vector<std::pair<std::string, std::uint64_t>> shares;
        if (disposition == v1::SLASH_REDISTRIBUTE || rng.chance(5)) {
          shares.push_back({account(), rng.below(amt / 2 + 2)});
        }
        return slash(a, r, amt, disposition, shares, r == v1::BOND_DISPUTE ? job() : "");
      }
    }
  }

  // Returns the signed transaction, sometimes broken on purpose.
  SignedTx random_tx() {
    v1::LedgerTx tx = random_body();
    if (tx.authorizer() == kAuthority) tx.set_authorizer(did(0));  // builders name a placeholder
    const SimMacSigner* signer = nullptr;
    for (const auto& s : signers) {
      if (s.did() == tx.authorizer()) signer = &s;
    }
    if (rng.chance(2)) {  // someone else authorizes (and signs): unauthorized
      signer = &signers[rng.below(signers.size())];
      tx.set_authorizer(signer->did());
    }
    const auto& nonces = ledger->state().last_nonce;
    auto it = nonces.find(tx.authorizer());
    std::uint64_t last = it == nonces.end() ? 0 : it->second;
    tx.set_nonce(rng.chance(2) ? last : last + 1 + rng.below(3));
    UnixMs ts = now;
    if (rng.chance(2)) ts = now + 1;                                                 // future
    if (rng.chance(2) && ledger->state().clock > 0) ts = ledger->state().clock - 1;  // stale
    tx.set_timestamp_unix_ms(ts);
    SignedTx out = sign_tx(tx, *signer);
    if (rng.chance(1)) out.signature = signers[0].sign(to_bytes("something else"));
    return out;
  }
};

}  // namespace

TEST_CASE("100,000 random transactions keep the invariant; rejections change nothing") {
  Sim sim(0x1c0ffee);
  // A funded start: every account gets mana so most transactions can succeed.
  for (int i = 1; i <= kAccounts; ++i) {
    v1::LedgerTx m = mint(sim.did(i), 1000);
    m.set_authorizer(sim.did(0));
    m.set_nonce(static_cast<std::uint64_t>(i));
    m.set_timestamp_unix_ms(sim.now);
    REQUIRE(sim.ledger->submit(sign_tx(m, sim.signers[0]), sim.verifier, sim.now));
  }

  std::map<std::string, int> outcomes;
  LedgerState before = sim.ledger->state();
  constexpr int kTransactions = 100'000;
  for (int i = 0; i < kTransactions; ++i) {
    sim.now += sim.rng.below(700);
    SignedTx tx = sim.random_tx();
    std::uint64_t height = sim.ledger->height();
    auto result = sim.ledger->submit(tx, sim.verifier, sim.now);
    if (result) {
      ++outcomes["accepted"];
      REQUIRE(sim.ledger->height() == height + 1);
      auto violation = check_invariant(sim.ledger->state());
      if (violation) FAIL("after transaction " << i << ": " << *violation);
      before = sim.ledger->state();
    } else {
      ++outcomes[result.error().code];
      REQUIRE(sim.ledger->height() == height);
      if (sim.ledger->state() != before) {
        FAIL("rejected transaction " << i << " (" << result.error().code << ") changed the state");
      }
    }
  }

  for (const auto& [code, count] : outcomes) MESSAGE(code << ": " << count);
  // Every outcome the generator aims at happened at least once, so each path was exercised.
  for (std::string_view code :
       {std::string_view("accepted"), kCodeUnauthorized, kCodeOverdrawn, kCodeUnknownEscrow,
        kCodeAlreadyReleased, kCodeDuplicateEscrow, kCodeReleaseMismatch, kCodeInsufficientBond,
        kCodeNotYetUnbonded, kCodeRegenNotDue, kCodeRegenOverCap, kCodeBadNonce, kCodeZeroAmount,
        kCodeOverflow, kCodeBadTimestamp, kCodeBadShares, std::string_view("bad_signature")}) {
    CHECK_MESSAGE(outcomes[std::string(code)] > 0, "never produced: " << code);
  }
  CHECK(outcomes["accepted"] > kTransactions / 5);
  CHECK(sim.ledger->state().burned > 0);

  const auto& entries = sim.ledger->log().entries();
  CHECK(entries.size() == sim.ledger->height());
  CHECK_FALSE(verify_chain(entries).has_value());
  auto rebuilt = replay(sim.ledger->genesis(), sim.ledger->params(), entries, &sim.verifier,
                        /*retain_entries=*/false);
  REQUIRE(rebuilt);
  CHECK(rebuilt->state() == sim.ledger->state());
  CHECK(state_digest(rebuilt->state()) == state_digest(sim.ledger->state()));
}

TEST_CASE("the same seed gives the same ledger; another seed a different one") {
  auto run = [](std::uint64_t seed) {
    Sim sim(seed);
    v1::LedgerTx m = mint(sim.did(1), 1000);
    m.set_authorizer(sim.did(0));
    m.set_nonce(1);
    m.set_timestamp_unix_ms(sim.now);
    REQUIRE(sim.ledger->submit(sign_tx(m, sim.signers[0]), sim.verifier, sim.now));
    for (int i = 0; i < 2000; ++i) {
      sim.now += sim.rng.below(700);
      (void)sim.ledger->submit(sim.random_tx(), sim.verifier, sim.now);
    }
    return state_digest(sim.ledger->state());
  };
  CHECK(run(7) == run(7));
  CHECK(run(7) != run(8));
}
