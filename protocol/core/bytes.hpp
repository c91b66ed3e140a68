#pragma once
// Byte buffers and their hex text form.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icn {

using Bytes = std::vector<std::uint8_t>;

/// A non-owning view of bytes (C++17 has no std::span).
struct ByteView {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;

  ByteView() = default;
  ByteView(const std::uint8_t* d, std::size_t n) : data(d), size(n) {}
  ByteView(const Bytes& b) : data(b.data()), size(b.size()) {}  // NOLINT: implicit by design
  ByteView(std::string_view s)                                  // NOLINT: implicit by design
      : data(reinterpret_cast<const std::uint8_t*>(s.data())), size(s.size()) {}
  const std::uint8_t* begin() const { return data; }
  const std::uint8_t* end() const { return data + size; }
};

inline Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline std::string to_string(ByteView b) {
  return std::string(reinterpret_cast<const char*>(b.data), b.size);
}

/// Lower-case hex, two digits per byte.
std::string hex_encode(ByteView bytes);
/// Accepts upper or lower case; nullopt on odd length or a non-hex digit.
std::optional<Bytes> hex_decode(std::string_view text);

/// Appends a big-endian integer; the canonical encodings use these.
void append_u32_be(Bytes& out, std::uint32_t v);
void append_u64_be(Bytes& out, std::uint64_t v);
/// Appends a 4-byte big-endian length and then the bytes themselves.
void append_length_prefixed(Bytes& out, ByteView field);

}  // namespace icn
