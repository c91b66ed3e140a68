#include "protocol/identity/did.hpp"

#include <algorithm>

namespace icn {

namespace {

constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
// Multicodec "ed25519-pub" (0xed) as an unsigned varint: 0xed 0x01.
constexpr std::uint8_t kEd25519Multicodec[2] = {0xed, 0x01};

int base58_value(char c) {
  const char* end = kAlphabet + 58;
  const char* pos = std::find(kAlphabet, end, c);
  return pos == end ? -1 : static_cast<int>(pos - kAlphabet);
}

}  // namespace

std::string base58btc_encode(ByteView bytes) {
  std::size_t zeros = 0;
  while (zeros < bytes.size && bytes.data[zeros] == 0) ++zeros;
  // Base-58 digits of the number, least significant first. log(256)/log(58) < 1.37.
  std::vector<std::uint8_t> digits;
  digits.reserve((bytes.size - zeros) * 138 / 100 + 1);
  for (std::size_t i = zeros; i < bytes.size; ++i) {
    std::uint32_t carry = bytes.data[i];
    for (auto& d : digits) {
      carry += static_cast<std::uint32_t>(d) << 8;
      d = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<std::uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kAlphabet[*it]);
  return out;
}

Expected<Bytes> base58btc_decode(std::string_view text) {
  std::size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  // Bytes of the number, least significant first.
  Bytes bytes;
  bytes.reserve((text.size() - ones) * 733 / 1000 + 1);
  for (std::size_t i = ones; i < text.size(); ++i) {
    int value = base58_value(text[i]);
    if (value < 0) {
      return fail("bad_base58", "invalid base58btc character '" + std::string(1, text[i]) +
                                    "' at position " + std::to_string(i));
    }
    std::uint32_t carry = static_cast<std::uint32_t>(value);
    for (auto& b : bytes) {
      carry += static_cast<std::uint32_t>(b) * 58;
      b = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push_back(static_cast<std::uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  Bytes out(ones, 0);
  out.insert(out.end(), bytes.rbegin(), bytes.rend());
  return out;
}

std::string did_from_public_key(const PublicKey& key) {
  Bytes multikey(kEd25519Multicodec, kEd25519Multicodec + 2);
  multikey.insert(multikey.end(), key.begin(), key.end());
  return std::string(kDidKeyPrefix) + base58btc_encode(multikey);
}

Expected<PublicKey> public_key_from_did(std::string_view did) {
  if (did.substr(0, kDidKeyPrefix.size()) != kDidKeyPrefix) {
    return fail("bad_did", "not a did:key DID: it must start with \"did:key:z\" (base58btc)");
  }
  auto multikey = base58btc_decode(did.substr(kDidKeyPrefix.size()));
  if (!multikey) return fail("bad_did", "bad did:key: " + multikey.error().message);
  if (multikey->size() < 2 || (*multikey)[0] != kEd25519Multicodec[0] ||
      (*multikey)[1] != kEd25519Multicodec[1]) {
    return fail("bad_did", "did:key is not an Ed25519 key (multicodec is not 0xed01)");
  }
  if (multikey->size() != 2 + PublicKey().size()) {
    return fail("bad_did", "did:key Ed25519 key has " + std::to_string(multikey->size() - 2) +
                               " bytes, expected 32");
  }
  PublicKey key{};
  std::copy(multikey->begin() + 2, multikey->end(), key.begin());
  return key;
}

}  // namespace icn
