#include "protocol/wire/file_signature.hpp"

#include <algorithm>

#include "protocol/crypto/sha256.hpp"

namespace icn {

Bytes file_signature_message(ByteView contents) {
  return file_signature_message_for_digest(sha256(contents));
}

Bytes file_signature_message_for_digest(const Digest& contents_sha256) {
  // Sized up front (appending to a copy of the tag trips GCC 12's -Warray-bounds).
  Bytes out(kFileSignatureTag.size() + contents_sha256.size());
  auto next = std::copy(kFileSignatureTag.begin(), kFileSignatureTag.end(), out.begin());
  std::copy(contents_sha256.begin(), contents_sha256.end(), next);
  return out;
}

}  // namespace icn
