// sim-mac: the simulator's keyed-BLAKE2b signatures, verified only through the world's registry.
#include "protocol/crypto/sim_mac.hpp"

#include <doctest/doctest.h>

#include "protocol/crypto/verifier.hpp"

using namespace icn;

namespace {
Ed25519Seed seed_of(std::uint8_t n) {
  Ed25519Seed seed{};
  seed.fill(n);
  return seed;
}
}  // namespace

TEST_CASE("sim_mac is keyed BLAKE2b-256 (known vector)") {
  // BLAKE2b-256 of "abc" under the key 00 01 .. 1f, computed with Python's hashlib.blake2b.
  SimMacSecret key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  Bytes mac = sim_mac(key, std::string_view("abc"));
  CHECK(mac.size() == kSimMacSize);
  CHECK(hex_encode(mac) == "d63a32d3e44738d7907f964316c241adaba0abfeabc32349677578a15a203f7f");
}

TEST_CASE("an enrolled identity's signature verifies") {
  SimKeyRegistry registry;
  SimMacSigner alice = registry.enroll(seed_of(1));
  CHECK(alice.scheme() == "sim-mac");
  CHECK(alice.did() == Ed25519Signer(seed_of(1)).did());  // same DID under both schemes
  CHECK(registry.contains(alice.did()));
  CHECK(registry.size() == 1);
  Bytes sig = alice.sign(std::string_view("hello"));
  CHECK(registry.verify(alice.did(), std::string_view("hello"), sig));
  CHECK_FALSE(registry.verify(alice.did(), std::string_view("hellp"), sig));
}

TEST_CASE("a signature by another identity's key does not verify") {
  SimKeyRegistry registry;
  SimMacSigner alice = registry.enroll(seed_of(1));
  SimMacSigner mallory = registry.enroll(seed_of(2));
  REQUIRE(alice.did() != mallory.did());
  // Mallory claims to be Alice: signs with her own secret under Alice's DID.
  SimMacSigner forger(alice.did(), sim_mac_secret_from_seed(seed_of(2)));
  Bytes forged = forger.sign(std::string_view("pay mallory"));
  CHECK_FALSE(registry.verify(alice.did(), std::string_view("pay mallory"), forged));
  CHECK(registry.verify(mallory.did(), std::string_view("pay mallory"), forged));
  // The MAC secret is not the Ed25519 seed itself.
  SimMacSigner seed_as_key(alice.did(), seed_of(1));
  CHECK_FALSE(
      registry.verify(alice.did(), std::string_view("m"), seed_as_key.sign(std::string_view("m"))));
}

TEST_CASE("unknown DIDs and malformed signatures fail") {
  SimKeyRegistry registry;
  SimMacSigner alice = registry.enroll(seed_of(1));
  SimMacSigner stranger("did:key:z6MkStranger", sim_mac_secret_from_seed(seed_of(3)));
  CHECK_FALSE(
      registry.verify(stranger.did(), std::string_view("m"), stranger.sign(std::string_view("m"))));
  Bytes sig = alice.sign(std::string_view("m"));
  CHECK_FALSE(registry.verify(alice.did(), std::string_view("m"), ByteView(sig.data(), 31)));
  CHECK_FALSE(registry.verify(alice.did(), std::string_view("m"), Bytes{}));
}

TEST_CASE("SchemeVerifier dispatches by scheme") {
  SimKeyRegistry registry;
  SimMacSigner sim = registry.enroll(seed_of(1));
  Ed25519Signer ed(seed_of(1));
  const std::string_view msg = "message";
  SchemeVerifier with_sim(&registry);
  SchemeVerifier ed_only;
  Bytes sim_sig = sim.sign(msg);
  Bytes ed_sig = ed.sign(msg);
  CHECK(with_sim.verify("sim-mac", sim.did(), msg, sim_sig));
  CHECK_FALSE(ed_only.verify("sim-mac", sim.did(), msg, sim_sig));  // no registry: refuse
  CHECK(with_sim.verify("ed25519", ed.did(), msg, ed_sig));
  CHECK(ed_only.verify("ed25519", ed.did(), msg, ed_sig));
  // A signature presented under the other scheme's name does not verify.
  CHECK_FALSE(with_sim.verify("ed25519", sim.did(), msg, sim_sig));
  CHECK_FALSE(with_sim.verify("sim-mac", ed.did(), msg, ed_sig));
  CHECK_FALSE(with_sim.verify("rsa", ed.did(), msg, ed_sig));
  CHECK_FALSE(with_sim.verify("ed25519", "did:key:zBad", msg, ed_sig));
}
