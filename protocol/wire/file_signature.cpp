#include "protocol/wire/file_signature.hpp"

#include "protocol/crypto/sha256.hpp"

namespace icn {

Bytes file_signature_message(ByteView contents) {
  Bytes out = to_bytes(kFileSignatureTag);
  Digest digest = sha256(contents);
  out.insert(out.end(), digest.begin(), digest.end());
  return out;
}

}  // namespace icn
