#include "protocol/crypto/verifier.hpp"

#include "protocol/crypto/ed25519.hpp"
#include "protocol/identity/did.hpp"

namespace icn {

bool SchemeVerifier::verify(std::string_view scheme, std::string_view did, ByteView message,
                            ByteView signature) const {
  if (scheme == kSchemeEd25519) {
    auto key = public_key_from_did(did);
    return key && ed25519_verify(*key, message, signature);
  }
  if (scheme == kSchemeSimMac) {
    return sim_keys_ != nullptr && sim_keys_->verify(did, message, signature);
  }
  return false;
}

}  // namespace icn
