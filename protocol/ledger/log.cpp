#include "protocol/ledger/log.hpp"

#include <cassert>

namespace icn::ledger {

Bytes genesis_prev_hash() {
  return Bytes(32, 0);
}

Digest compute_entry_hash(std::uint64_t height, ByteView prev_hash, ByteView tx_bytes,
                          ByteView signature, std::string_view scheme) {
  Bytes header;
  append_u64_be(header, height);
  Sha256 h;
  h.update(kEntryHashDomain);
  h.update(header);
  h.update(prev_hash);
  Bytes prefix;
  append_u32_be(prefix, static_cast<std::uint32_t>(tx_bytes.size));
  h.update(prefix).update(tx_bytes);
  prefix.clear();
  append_u32_be(prefix, static_cast<std::uint32_t>(signature.size));
  h.update(prefix).update(signature);
  prefix.clear();
  append_u32_be(prefix, static_cast<std::uint32_t>(scheme.size()));
  h.update(prefix).update(scheme);
  return h.finish();
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

const v1::LedgerEntry& LedgerLog::append(Bytes tx_bytes, Bytes signature, std::string scheme) {
  v1::LedgerEntry entry;
  entry.set_height(height_ + 1);
  entry.set_prev_hash(to_string(tip_));
  Digest hash = compute_entry_hash(entry.height(), tip_, tx_bytes, signature, scheme);
  entry.set_tx_bytes(to_string(tx_bytes));
  entry.set_signature(to_string(signature));
  entry.set_scheme(std::move(scheme));
  entry.set_entry_hash(std::string(hash.begin(), hash.end()));
  adopt(entry);
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
