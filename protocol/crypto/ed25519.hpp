#pragma once
// Ed25519 (RFC 8032) through libsodium, and PKCS#8 PEM key encoding through OpenSSL so that
// `openssl pkey -in key.pem` reads icnmesh key files. protocol/ has no randomness: callers
// supply the 32-byte seed (node/ draws it from randombytes_buf).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/core/bytes.hpp"
#include "protocol/core/error.hpp"
#include "protocol/crypto/signer.hpp"
#include "protocol/identity/did.hpp"

namespace icn {

/// The 32-byte private key of RFC 8032 (what PKCS#8 stores).
using Ed25519Seed = std::array<std::uint8_t, 32>;
inline constexpr std::size_t kEd25519SignatureSize = 64;

/// A key pair expanded from a seed. `secret_key` is libsodium's form (seed || public key).
struct Ed25519KeyPair {
  PublicKey public_key{};
  std::array<std::uint8_t, 64> secret_key{};
};

Ed25519KeyPair ed25519_key_pair_from_seed(const Ed25519Seed& seed);
/// The 64-byte detached signature of `message`.
Bytes ed25519_sign(const Ed25519KeyPair& key_pair, ByteView message);
/// True when `signature` is a valid 64-byte signature of `message` by `public_key`.
bool ed25519_verify(const PublicKey& public_key, ByteView message, ByteView signature);

/// PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") of the seed, built in memory.
std::string ed25519_private_key_to_pem(const Ed25519Seed& seed);
/// The seed inside a PKCS#8 PEM Ed25519 private key. Error code "bad_key" when the text is not
/// PEM, is encrypted, or holds another key type.
Expected<Ed25519Seed> ed25519_private_key_from_pem(std::string_view pem);

/// Signs with one Ed25519 identity; its DID is the did:key of its public key.
/// Wipes the secret key when destroyed.
class Ed25519Signer : public Signer {
 public:
  explicit Ed25519Signer(const Ed25519Seed& seed);
  ~Ed25519Signer() override;
  Ed25519Signer(const Ed25519Signer&) = default;
  Ed25519Signer& operator=(const Ed25519Signer&) = default;

  const std::string& did() const override { return did_; }
  std::string_view scheme() const override { return kSchemeEd25519; }
  Bytes sign(ByteView message) const override;
  const PublicKey& public_key() const { return key_pair_.public_key; }

 private:
  Ed25519KeyPair key_pair_;
  std::string did_;
};

}  // namespace icn
