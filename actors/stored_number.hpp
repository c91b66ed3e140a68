#pragma once
// Numbers a role keeps in its node's storage as decimal text. Storage is the node's own disk,
// but a disk can be damaged: reading never throws, it says whether the text was a number.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace icn::actors {

inline std::optional<std::uint64_t> parse_stored_number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace icn::actors
