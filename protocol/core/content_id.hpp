#pragma once
// Content ids: SHA-256 of the bytes, written as "sha256:" + 64 lower-case hex digits.
// Used for job ids (over the spec's deterministic serialization), code, inputs and outputs.
#include <string>
#include <string_view>

#include "protocol/core/bytes.hpp"
#include "protocol/crypto/sha256.hpp"

namespace icn {

inline constexpr std::string_view kContentIdPrefix = "sha256:";

/// The content id of `data`.
std::string content_id(ByteView data);
/// The text form of an already computed digest.
std::string content_id_from_digest(const Digest& digest);
/// True when `text` is "sha256:" followed by exactly 64 lower-case hex digits.
bool is_content_id(std::string_view text);
/// The digest inside a well-formed content id; nullopt otherwise.
std::optional<Digest> parse_content_id(std::string_view text);

}  // namespace icn
