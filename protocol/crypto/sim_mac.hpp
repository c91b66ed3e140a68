#pragma once
// "sim-mac": the simulator's cheap signature scheme (a few µs per sign + verify instead of
// Ed25519's 35-140 µs per verification; docs/protocol.md "Signature schemes").
//
// Each identity has a 32-byte secret; its signature of a message is the keyed BLAKE2b-256
// (crypto_generichash) of the message under that secret. It is a MAC, so whoever verifies must
// know the secret: only the world's SimKeyRegistry does. Why an adversarial actor still cannot
// forge another identity's signature:
//   - an actor is handed only its own SimMacSigner; it never sees the registry or any other
//     identity's secret (the signer exposes no accessor for its secret);
//   - verification is done by the world (SchemeVerifier -> SimKeyRegistry), never by actors
//     holding keys, so no actor-side verifier leaks secrets;
//   - forging a keyed BLAKE2b-256 without its 256-bit key is as hard as breaking BLAKE2b as a PRF.
// Signatures are also unique per message (deterministic), like Ed25519.
//
// An identity's DID is the did:key of the Ed25519 key from the same seed, so a scenario can
// switch between "sim-mac" and "ed25519" without changing any DID.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "protocol/core/bytes.hpp"
#include "protocol/crypto/ed25519.hpp"
#include "protocol/crypto/signer.hpp"

namespace icn {

using SimMacSecret = std::array<std::uint8_t, 32>;
inline constexpr std::size_t kSimMacSize = 32;

/// Keyed BLAKE2b-256 of `message` under `secret`: the sim-mac signature.
Bytes sim_mac(const SimMacSecret& secret, ByteView message);

/// The MAC secret belonging to an identity seed (keyed BLAKE2b of a fixed label, so the
/// secret differs from the Ed25519 private key made from the same seed).
SimMacSecret sim_mac_secret_from_seed(const Ed25519Seed& seed);

/// Signs for one identity with its sim-mac secret. Handed only to the actor that owns it.
class SimMacSigner : public Signer {
 public:
  SimMacSigner(std::string did, const SimMacSecret& secret);
  ~SimMacSigner() override;
  SimMacSigner(const SimMacSigner&) = default;
  SimMacSigner& operator=(const SimMacSigner&) = default;

  const std::string& did() const override { return did_; }
  std::string_view scheme() const override { return kSchemeSimMac; }
  Bytes sign(ByteView message) const override;

 private:
  std::string did_;
  SimMacSecret secret_;
};

/// DID -> secret for every sim-mac identity. Held only by the world (the simulator), never by
/// an actor. Ordered map: iteration order is deterministic.
class SimKeyRegistry {
 public:
  /// Registers the identity of `seed` (DID = did:key of the seed's Ed25519 public key) and
  /// returns its signer, to be handed to that identity's actor only.
  SimMacSigner enroll(const Ed25519Seed& seed);
  /// Registers `did` with an explicit secret (replaces an earlier secret for the same DID).
  void add(const std::string& did, const SimMacSecret& secret);
  bool contains(std::string_view did) const;
  std::size_t size() const { return secrets_.size(); }
  /// True when `signature` is the sim-mac of `message` by the registered `did`;
  /// false for unknown DIDs or a wrong-size signature. Constant-time comparison.
  bool verify(std::string_view did, ByteView message, ByteView signature) const;

 private:
  std::map<std::string, SimMacSecret, std::less<>> secrets_;
};

}  // namespace icn
