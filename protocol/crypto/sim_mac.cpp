#include "protocol/crypto/sim_mac.hpp"

#include <sodium.h>

#include "protocol/crypto/sodium_init.hpp"

namespace icn {

namespace {
constexpr std::string_view kSecretLabel = "icnmesh/sim-mac-secret/v1";
}

Bytes sim_mac(const SimMacSecret& secret, ByteView message) {
  ensure_sodium();
  Bytes out(kSimMacSize);
  crypto_generichash(out.data(), out.size(), message.data, message.size, secret.data(),
                     secret.size());
  return out;
}

SimMacSecret sim_mac_secret_from_seed(const Ed25519Seed& seed) {
  SimMacSecret secret{};
  crypto_generichash(secret.data(), secret.size(),
                     reinterpret_cast<const unsigned char*>(kSecretLabel.data()),
                     kSecretLabel.size(), seed.data(), seed.size());
  return secret;
}

SimMacSigner::SimMacSigner(std::string did, const SimMacSecret& secret)
    : did_(std::move(did)), secret_(secret) {}

SimMacSigner::~SimMacSigner() {
  sodium_memzero(secret_.data(), secret_.size());
}

Bytes SimMacSigner::sign(ByteView message) const {
  return sim_mac(secret_, message);
}

SimMacSigner SimKeyRegistry::enroll(const Ed25519Seed& seed) {
  std::string did = did_from_public_key(ed25519_key_pair_from_seed(seed).public_key);
  SimMacSecret secret = sim_mac_secret_from_seed(seed);
  add(did, secret);
  return SimMacSigner(std::move(did), secret);
}

void SimKeyRegistry::add(const std::string& did, const SimMacSecret& secret) {
  secrets_[did] = secret;
}

bool SimKeyRegistry::contains(std::string_view did) const {
  return secrets_.find(did) != secrets_.end();
}

bool SimKeyRegistry::verify(std::string_view did, ByteView message, ByteView signature) const {
  auto it = secrets_.find(did);
  if (it == secrets_.end() || signature.size != kSimMacSize) return false;
  Bytes expected = sim_mac(it->second, message);
  return sodium_memcmp(expected.data(), signature.data, kSimMacSize) == 0;
}

}  // namespace icn
