#pragma once
// What `icnmesh key sign` signs for a file: a domain tag and the file's SHA-256, so a file
// signature can never be mistaken for an envelope signature (docs/protocol.md).
#include <string_view>

#include "protocol/core/bytes.hpp"
#include "protocol/crypto/sha256.hpp"

namespace icn {

inline constexpr std::string_view kFileSignatureTag = "icnmesh/file-signature/v1\n";

/// The bytes "icnmesh/file-signature/v1\n" followed by the 32 raw bytes SHA-256(contents).
Bytes file_signature_message(ByteView contents);
/// The same message from an already computed SHA-256 of the contents (for streamed files).
Bytes file_signature_message_for_digest(const Digest& contents_sha256);

}  // namespace icn
