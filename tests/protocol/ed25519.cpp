// Ed25519 (libsodium) against RFC 8032 section 7.1 tests 1-3, the signer, and PKCS#8 PEM.
#include "protocol/crypto/ed25519.hpp"

#include <doctest/doctest.h>

using namespace icn;

namespace {

struct Rfc8032Vector {
  const char* secret;
  const char* public_key;
  const char* message;
  const char* signature;
};

constexpr Rfc8032Vector kVectors[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

Ed25519Seed seed_from_hex(std::string_view hex) {
  auto bytes = hex_decode(hex);
  REQUIRE(bytes);
  REQUIRE(bytes->size() == 32);
  Ed25519Seed seed{};
  std::copy(bytes->begin(), bytes->end(), seed.begin());
  return seed;
}

}  // namespace

TEST_CASE("RFC 8032 test vectors 1-3: key, signature, verification") {
  for (const auto& v : kVectors) {
    INFO("secret " << v.secret);
    auto kp = ed25519_key_pair_from_seed(seed_from_hex(v.secret));
    CHECK(hex_encode(ByteView(kp.public_key.data(), 32)) == v.public_key);
    Bytes message = *hex_decode(v.message);
    Bytes signature = ed25519_sign(kp, message);
    CHECK(signature.size() == kEd25519SignatureSize);
    CHECK(hex_encode(signature) == v.signature);
    CHECK(ed25519_verify(kp.public_key, message, signature));
  }
}

TEST_CASE("verification fails for a changed message, signature or key") {
  auto kp = ed25519_key_pair_from_seed(seed_from_hex(kVectors[2].secret));
  Bytes message = *hex_decode(kVectors[2].message);
  Bytes signature = *hex_decode(kVectors[2].signature);
  REQUIRE(ed25519_verify(kp.public_key, message, signature));

  Bytes changed_message = message;
  changed_message[0] ^= 1;
  CHECK_FALSE(ed25519_verify(kp.public_key, changed_message, signature));
  Bytes changed_signature = signature;
  changed_signature[10] ^= 0x40;
  CHECK_FALSE(ed25519_verify(kp.public_key, message, changed_signature));
  auto other = ed25519_key_pair_from_seed(seed_from_hex(kVectors[1].secret));
  CHECK_FALSE(ed25519_verify(other.public_key, message, signature));
  CHECK_FALSE(ed25519_verify(kp.public_key, message, ByteView(signature.data(), 63)));
  CHECK_FALSE(ed25519_verify(kp.public_key, message, Bytes{}));
}

TEST_CASE("Ed25519Signer: did:key identity, scheme, signatures") {
  Ed25519Signer signer(seed_from_hex(kVectors[0].secret));
  CHECK(signer.did() == "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw");
  CHECK(signer.scheme() == "ed25519");
  CHECK(hex_encode(signer.sign(Bytes{})) == kVectors[0].signature);
  CHECK(ed25519_verify(signer.public_key(), std::string_view("x"),
                       signer.sign(std::string_view("x"))));
}

TEST_CASE("PKCS#8 PEM: known encoding and round trip") {
  auto seed = seed_from_hex(kVectors[0].secret);
  std::string pem = ed25519_private_key_to_pem(seed);
  // Same bytes as Python cryptography / `openssl genpkey -algorithm ed25519` produce.
  CHECK(pem ==
        "-----BEGIN PRIVATE KEY-----\n"
        "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
        "-----END PRIVATE KEY-----\n");
  auto back = ed25519_private_key_from_pem(pem);
  REQUIRE(back);
  CHECK(*back == seed);
  for (const auto& v : kVectors) {
    auto s = seed_from_hex(v.secret);
    auto r = ed25519_private_key_from_pem(ed25519_private_key_to_pem(s));
    REQUIRE(r);
    CHECK(*r == s);
  }
}

TEST_CASE("PEM decode rejects garbage, truncation and other key types") {
  for (std::string_view bad :
       {"", "hello", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v\n-----END PRIVATE KEY-----\n"}) {
    auto r = ed25519_private_key_from_pem(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "bad_key");
  }
  // An X25519 key (OID 1.3.101.110) is PKCS#8 but not Ed25519.
  const char* x25519 =
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VuBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
      "-----END PRIVATE KEY-----\n";
  auto r = ed25519_private_key_from_pem(x25519);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("Ed25519") != std::string::npos);
}
