#pragma once
// A seeded generator of valid, signed ledger transactions for demos, crash tests and
// benchmarks (`icnmesh ledger demo-populate`, `ledger crash-writer`, bench/ledger_bench.cpp).
// It keeps a shadow copy of the ledger state so that every transaction it returns is accepted
// by a ledger that applied the same sequence.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "protocol/crypto/signer.hpp"
#include "protocol/crypto/sim_mac.hpp"
#include "protocol/crypto/verifier.hpp"
#include "protocol/ledger/ledger.hpp"

namespace icn::node {

namespace v1 = icnmesh::v1;

/// The economic parameters demo ledgers use: default_economic_params() with the ledger
/// clocks shortened so a demo sees regeneration and claims (regen period 60 s, unbonding
/// delay 60 s, regen_min_bond 100, regen_cap 20000).
ledger::Params demo_ledger_params();

class LedgerWorkload {
 public:
  enum class Scheme { kEd25519, kSimMac };
  /// `accounts` identities plus the authority; keys derived from `seed` (so anyone with the
  /// seed has the keys: demo use only). Time starts at `start`.
  LedgerWorkload(std::uint64_t seed, int accounts, ledger::Params params, Scheme scheme,
                 UnixMs start);

  const ledger::Genesis& genesis() const { return genesis_; }
  const ledger::Params& params() const { return params_; }
  /// Verifies both schemes (sim-mac through this workload's key registry).
  const Verifier& verifier() const { return verifier_; }
  /// Timestamp of the latest generated transaction.
  UnixMs now() const { return time_; }
  const ledger::LedgerState& shadow() const { return shadow_; }

  /// Continues from an existing ledger's state (same seed and account count as the one that
  /// wrote it): the shadow becomes `state`, time resumes at its clock.
  void resume(const ledger::LedgerState& state);

  /// The next valid transaction of a random kind (the first ones fund every account).
  ledger::SignedTx next();
  /// A valid 1-mana transfer between two random funded accounts, at the current time
  /// (cheap: for throughput measurements).
  ledger::SignedTx next_transfer();
  /// DID of account `i` (0 <= i < accounts).
  const std::string& account(int i) const;

 private:
  std::uint64_t random();
  std::uint64_t below(std::uint64_t n);
  const Signer& signer_for(const std::string& did) const;
  bool try_apply(v1::LedgerTx& tx);
  v1::LedgerTx candidate();
  ledger::SignedTx sign(const v1::LedgerTx& tx);

  std::uint64_t rng_;
  ledger::Params params_;
  SimKeyRegistry registry_;
  SchemeVerifier verifier_{&registry_};
  std::vector<std::unique_ptr<Signer>> signers_;  // [0] is the authority
  std::map<std::string, const Signer*> by_did_;
  ledger::Genesis genesis_;
  ledger::LedgerState shadow_;
  UnixMs time_ = 0;
  std::uint64_t jobs_ = 0;
  std::vector<std::string> open_escrows_;
  std::size_t funded_ = 0;
};

}  // namespace icn::node
