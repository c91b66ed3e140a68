#pragma once
// The world's signature verifier: dispatches on the envelope's scheme name.
#include <string_view>

#include "protocol/crypto/signer.hpp"
#include "protocol/crypto/sim_mac.hpp"

namespace icn {

/// "ed25519": verifies with the public key decoded from the did:key DID.
/// "sim-mac": asks the SimKeyRegistry, if one was given (false otherwise).
/// Any other scheme, or a DID that does not decode: false.
class SchemeVerifier : public Verifier {
 public:
  /// `sim_keys` may be null (a real node accepts only Ed25519); it must outlive the verifier.
  explicit SchemeVerifier(const SimKeyRegistry* sim_keys = nullptr) : sim_keys_(sim_keys) {}
  bool verify(std::string_view scheme, std::string_view did, ByteView message,
              ByteView signature) const override;

 private:
  const SimKeyRegistry* sim_keys_;
};

}  // namespace icn
