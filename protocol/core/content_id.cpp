#include "protocol/core/content_id.hpp"

#include <algorithm>

namespace icn {

std::string content_id_from_digest(const Digest& digest) {
  return std::string(kContentIdPrefix) + hex_encode(ByteView(digest.data(), digest.size()));
}

std::string content_id(ByteView data) { return content_id_from_digest(sha256(data)); }

bool is_content_id(std::string_view text) {
  if (text.size() != kContentIdPrefix.size() + 64) return false;
  if (text.substr(0, kContentIdPrefix.size()) != kContentIdPrefix) return false;
  auto hex = text.substr(kContentIdPrefix.size());
  return std::all_of(hex.begin(), hex.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<Digest> parse_content_id(std::string_view text) {
  if (!is_content_id(text)) return std::nullopt;
  auto bytes = hex_decode(text.substr(kContentIdPrefix.size()));
  Digest d{};
  std::copy(bytes->begin(), bytes->end(), d.begin());
  return d;
}

}  // namespace icn
