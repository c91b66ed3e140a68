#include "protocol/ledger/log.hpp"

#include <openssl/evp.h>

#include <cassert>
#include <memory>

namespace icn::ledger {

Bytes genesis_prev_hash() {
  return Bytes(32, 0);
}

namespace {
// SHA-256 through OpenSSL's EVP (SHA-NI/AVX2 code paths): the entry hash is on the hot path
// of every append, where it is about 3x faster than libsodium's portable implementation.
// Same function as icn::sha256 (tests/protocol/ledger_rules.cpp compares them).
Digest openssl_sha256(ByteView data) {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                           &EVP_MD_CTX_free);
  Digest out{};
  unsigned int len = 0;
  bool ok = md && ctx && EVP_DigestInit_ex2(ctx.get(), md, nullptr) == 1 &&
            EVP_DigestUpdate(ctx.get(), data.data, data.size) == 1 &&
            EVP_DigestFinal_ex(ctx.get(), out.data(), &len) == 1 && len == out.size();
  return ok ? out : sha256(data);
}
}  // namespace

Bytes entry_hash_input(std::uint64_t height, ByteView prev_hash, ByteView tx_bytes,
                       ByteView signature, std::string_view scheme) {
  Bytes in = to_bytes(kEntryHashDomain);
  in.reserve(in.size() + 8 + prev_hash.size + 12 + tx_bytes.size + signature.size + scheme.size());
  append_u64_be(in, height);
  in.insert(in.end(), prev_hash.begin(), prev_hash.end());
  append_length_prefixed(in, tx_bytes);
  append_length_prefixed(in, signature);
  append_length_prefixed(in, scheme);
  return in;
}

Digest compute_entry_hash(std::uint64_t height, ByteView prev_hash, ByteView tx_bytes,
                          ByteView signature, std::string_view scheme) {
  return openssl_sha256(entry_hash_input(height, prev_hash, tx_bytes, signature, scheme));
}

Digest compute_entry_hash(const v1::LedgerEntry& entry) {
  return compute_entry_hash(entry.height(), ByteView(entry.prev_hash()), ByteView(entry.tx_bytes()),
                            ByteView(entry.signature()), entry.scheme());
}

namespace {
std::string short_hex(ByteView b) {
  return hex_encode(b);
}
}  // namespace

std::optional<ChainFault> ChainVerifier::next(const v1::LedgerEntry& entry) {
  std::uint64_t expected = height_ + 1;
  std::string at = "entry " + std::to_string(entry.height());
  if (entry.height() != expected) {
    if (entry.height() > expected) {
      std::string missing = entry.height() == expected + 1
                                ? "entry " + std::to_string(expected) + " missing"
                                : "entries " + std::to_string(expected) + ".." +
                                      std::to_string(entry.height() - 1) + " missing";
      return ChainFault{expected, missing + ": heights jump from " + std::to_string(height_) +
                                      " to " + std::to_string(entry.height())};
    }
    return ChainFault{entry.height(), at + ": out of order or duplicate (expected height " +
                                          std::to_string(expected) + ")"};
  }
  if (entry.prev_hash().size() != 32 ||
      Bytes(entry.prev_hash().begin(), entry.prev_hash().end()) != tip_) {
    return ChainFault{entry.height(), at + ": prev_hash " + short_hex(ByteView(entry.prev_hash())) +
                                          " does not link to the previous entry's hash " +
                                          short_hex(tip_)};
  }
  Digest computed = compute_entry_hash(entry);
  Bytes stored(entry.entry_hash().begin(), entry.entry_hash().end());
  if (stored != Bytes(computed.begin(), computed.end())) {
    return ChainFault{entry.height(), at + ": hash mismatch (stored " + short_hex(stored) +
                                          ", computed " + short_hex(ByteView(computed.data(), 32)) +
                                          ")"};
  }
  height_ = entry.height();
  tip_ = stored;
  return std::nullopt;
}

std::optional<ChainFault> verify_chain(const std::vector<v1::LedgerEntry>& entries) {
  ChainVerifier verifier;
  for (const auto& entry : entries) {
    if (auto fault = verifier.next(entry)) return fault;
  }
  return std::nullopt;
}

const v1::LedgerEntry& LedgerLog::append(const Bytes& tx_bytes, const Bytes& signature,
                                         std::string scheme) {
  Digest hash = compute_entry_hash(height_ + 1, tip_, tx_bytes, signature, scheme);
  last_.set_height(height_ + 1);
  last_.set_prev_hash(tip_.data(), tip_.size());
  last_.set_tx_bytes(tx_bytes.data(), tx_bytes.size());
  last_.set_signature(signature.data(), signature.size());
  last_.set_scheme(std::move(scheme));
  last_.set_entry_hash(hash.data(), hash.size());
  height_ += 1;
  tip_.assign(hash.begin(), hash.end());
  if (retain_) entries_.push_back(last_);
  return last_;
}

void LedgerLog::adopt(const v1::LedgerEntry& entry) {
  assert(entry.height() == height_ + 1);
  height_ = entry.height();
  tip_.assign(entry.entry_hash().begin(), entry.entry_hash().end());
  last_ = entry;
  if (retain_) entries_.push_back(entry);
}

}  // namespace icn::ledger
