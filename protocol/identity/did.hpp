#pragma once
// did:key identities for Ed25519 keys (W3C did:key method,
// https://w3c-ccg.github.io/did-method-key/):
//   "did:key:z" + base58btc(0xed 0x01 || 32-byte public key)
// 0xed 0x01 is the unsigned-varint multicodec "ed25519-pub"; "z" is the multibase prefix of
// base58btc. Every Ed25519 DID therefore starts with "did:key:z6Mk".
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/core/bytes.hpp"
#include "protocol/core/error.hpp"

namespace icn {

/// A raw 32-byte Ed25519 public key.
using PublicKey = std::array<std::uint8_t, 32>;

inline constexpr std::string_view kDidKeyPrefix = "did:key:z";

/// Base58 with the Bitcoin alphabet; each leading zero byte becomes a leading '1'.
std::string base58btc_encode(ByteView bytes);
/// Inverse of base58btc_encode. Errors (code "bad_base58") name the first invalid character.
Expected<Bytes> base58btc_decode(std::string_view text);

/// The did:key DID of an Ed25519 public key ("did:key:z6Mk...").
std::string did_from_public_key(const PublicKey& key);
/// The Ed25519 public key inside a did:key DID. Error codes: "bad_did" with a message saying
/// which part is wrong (prefix, base58, multicodec, length).
Expected<PublicKey> public_key_from_did(std::string_view did);

}  // namespace icn
