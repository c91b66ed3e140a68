// did:key (Ed25519) and base58btc: known vectors, round trips, and every parse error.
#include "protocol/identity/did.hpp"

#include <doctest/doctest.h>

#include "protocol/crypto/ed25519.hpp"

using namespace icn;

namespace {
PublicKey key_from_hex(std::string_view hex) {
  auto bytes = hex_decode(hex);
  REQUIRE(bytes);
  REQUIRE(bytes->size() == 32);
  PublicKey key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}
}  // namespace

TEST_CASE("base58btc known vectors") {
  CHECK(base58btc_encode(std::string_view("")) == "");
  CHECK(base58btc_encode(std::string_view("hello world")) == "StV1DL6CwTryKyV");
  const Bytes zero_led = {0, 0, 1, 2};
  CHECK(base58btc_encode(zero_led) == "115T");
  CHECK(base58btc_encode(Bytes{0}) == "1");
  auto decoded = base58btc_decode("115T");
  REQUIRE(decoded);
  CHECK(*decoded == zero_led);
  CHECK(base58btc_decode("")->empty());
}

TEST_CASE("base58btc round trip keeps leading zeros") {
  for (std::size_t n = 0; n < 40; ++n) {
    Bytes data(n);
    for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 37 + n);
    if (n > 2) data[0] = data[1] = 0;
    auto back = base58btc_decode(base58btc_encode(data));
    REQUIRE(back);
    CHECK(*back == data);
  }
}

TEST_CASE("base58btc rejects characters outside the alphabet") {
  for (std::string_view bad : {"0abc", "abcO", "Il", "ab c", "ab+"}) {
    auto r = base58btc_decode(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "bad_base58");
  }
  CHECK(base58btc_decode("ab0").error().message.find("position 2") != std::string::npos);
}

TEST_CASE("did:key of the RFC 8032 test 1 public key") {
  auto key = key_from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const std::string did = "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw";
  CHECK(did_from_public_key(key) == did);
  auto parsed = public_key_from_did(did);
  REQUIRE(parsed);
  CHECK(*parsed == key);
}

TEST_CASE("W3C did:key spec vector: the all-zero seed") {
  // did-method-key test vectors (ed25519-x25519.json), first entry.
  Ed25519Seed seed{};
  auto kp = ed25519_key_pair_from_seed(seed);
  CHECK(hex_encode(ByteView(kp.public_key.data(), 32)) ==
        "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
  CHECK(did_from_public_key(kp.public_key) ==
        "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
}

TEST_CASE("every Ed25519 DID starts with z6Mk and round-trips") {
  for (int i = 0; i < 32; ++i) {
    PublicKey key{};
    for (std::size_t j = 0; j < key.size(); ++j) key[j] = static_cast<std::uint8_t>(i * 31 + j * 7);
    std::string did = did_from_public_key(key);
    CHECK(did.rfind("did:key:z6Mk", 0) == 0);
    auto back = public_key_from_did(did);
    REQUIRE(back);
    CHECK(*back == key);
  }
}

TEST_CASE("did parse errors say what is wrong") {
  auto check_error = [](std::string_view did, std::string_view words) {
    auto r = public_key_from_did(did);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "bad_did");
    INFO(r.error().message);
    CHECK(r.error().message.find(words) != std::string::npos);
  };
  check_error("did:web:example.com", "did:key:z");
  check_error("did:key:u6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw", "did:key:z");
  check_error("", "did:key:z");
  check_error("did:key:z6Mkt0updmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw", "base58");
  // secp256k1 multicodec (0xe7 0x01) instead of ed25519-pub.
  Bytes secp = {0xe7, 0x01};
  secp.resize(35, 0x02);
  check_error("did:key:z" + base58btc_encode(secp), "multicodec");
  // Right multicodec, wrong length.
  Bytes short_key = {0xed, 0x01, 1, 2, 3};
  check_error("did:key:z" + base58btc_encode(short_key), "3 bytes");
  Bytes long_key = {0xed, 0x01};
  long_key.resize(35, 9);
  check_error("did:key:z" + base58btc_encode(long_key), "33 bytes");
  check_error("did:key:z", "multicodec");
}
