// Byte helpers from protocol/core/bytes.hpp: hex and big-endian encodings.
#include "protocol/core/bytes.hpp"

#include <doctest/doctest.h>

using namespace icn;

TEST_CASE("hex round trip over every byte value") {
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  std::string hex = hex_encode(all);
  CHECK(hex.size() == 512);
  CHECK(hex.substr(0, 8) == "00010203");
  CHECK(hex.substr(hex.size() - 4) == "feff");
  auto back = hex_decode(hex);
  REQUIRE(back);
  CHECK(*back == all);
  CHECK(hex_encode(Bytes{}) == "");
  CHECK(hex_decode("")->empty());
}

TEST_CASE("hex decode accepts upper case and rejects bad input") {
  CHECK(*hex_decode("DEADbeef") == Bytes{0xde, 0xad, 0xbe, 0xef});
  CHECK_FALSE(hex_decode("abc"));
  CHECK_FALSE(hex_decode("0g"));
  CHECK_FALSE(hex_decode("zz"));
  CHECK_FALSE(hex_decode(" 0"));
  CHECK_FALSE(hex_decode("0x00"));
}

TEST_CASE("big-endian appends and length prefixes") {
  Bytes out;
  append_u32_be(out, 0x01020304);
  append_u64_be(out, 0x0102030405060708ULL);
  CHECK(hex_encode(out) == "010203040102030405060708");
  out.clear();
  append_length_prefixed(out, std::string_view("hi"));
  append_length_prefixed(out, std::string_view(""));
  CHECK(hex_encode(out) == "00000002686900000000");
}

TEST_CASE("string conversions") {
  CHECK(to_bytes("ab") == Bytes{'a', 'b'});
  CHECK(to_string(Bytes{'x', 'y'}) == "xy");
}
