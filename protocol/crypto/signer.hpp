#pragma once
// Signing and verification are world services (docs/architecture.md, "Signing").
// The real node hands out Ed25519 signers. The simulator may hand out cheap "sim-mac"
// signers whose secrets only the world's key registry holds, so an adversarial actor still
// cannot forge another actor's signature; Ed25519 is a scenario option there.
#include <string>
#include <string_view>

#include "protocol/core/bytes.hpp"

namespace icn {

inline constexpr std::string_view kSchemeEd25519 = "ed25519";
inline constexpr std::string_view kSchemeSimMac = "sim-mac";

/// Holds one identity's private key and signs bytes with it.
class Signer {
 public:
  virtual ~Signer() = default;
  /// The identity's DID ("did:key:z6Mk...").
  virtual const std::string& did() const = 0;
  /// The signature scheme name carried in envelopes ("ed25519" or "sim-mac").
  virtual std::string_view scheme() const = 0;
  virtual Bytes sign(ByteView message) const = 0;
};

/// Checks signatures made by any identity.
class Verifier {
 public:
  virtual ~Verifier() = default;
  virtual bool verify(std::string_view scheme, std::string_view did, ByteView message,
                      ByteView signature) const = 0;
};

}  // namespace icn
