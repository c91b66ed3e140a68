#pragma once
// SHA-256 (libsodium), one-shot and incremental.
#include <array>
#include <cstdint>

#include "protocol/core/bytes.hpp"

namespace icn {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(ByteView data);

/// Incremental hashing for canonical encodings built field by field.
class Sha256 {
 public:
  Sha256();
  Sha256& update(ByteView data);
  Digest finish();

 private:
  alignas(64) unsigned char state_[128];  // crypto_hash_sha256_state, kept opaque here
};

}  // namespace icn
