#include "protocol/ledger/ledger.hpp"

#include "protocol/ledger/invariant.hpp"

namespace icn::ledger {

Ledger::Ledger(Genesis genesis, Params params, bool retain_entries)
    : genesis_(std::move(genesis)),
      params_(std::move(params)),
      state_(make_state(genesis_)),
      log_(retain_entries) {}

Expected<Applied> Ledger::submit(const SignedTx& signed_tx, const Verifier& verifier, UnixMs now) {
  auto tx = verify_signed_tx(signed_tx, verifier);
  if (!tx) return tl::unexpected(tx.error());
  auto receipt = apply(state_, *tx, tx->authorizer(), params_, now);
  if (!receipt) return tl::unexpected(receipt.error());
  const v1::LedgerEntry& entry =
      log_.append(signed_tx.tx_bytes, signed_tx.signature, signed_tx.scheme);
  return Applied{std::move(*tx), *receipt, entry};
}

std::optional<ChainFault> Ledger::replay_entry(const v1::LedgerEntry& entry,
                                               const Verifier* verifier,
                                               bool check_invariant_each) {
  std::string at = "entry " + std::to_string(entry.height());
  if (entry.height() != log_.height() + 1) {
    std::uint64_t expected = log_.height() + 1;
    if (entry.height() > expected) {
      return ChainFault{
          expected, "entry " + std::to_string(expected) + " missing: heights jump from " +
                        std::to_string(log_.height()) + " to " + std::to_string(entry.height())};
    }
    return ChainFault{entry.height(), at + ": out of order or duplicate (expected height " +
                                          std::to_string(expected) + ")"};
  }
  if (Bytes(entry.prev_hash().begin(), entry.prev_hash().end()) != log_.tip_hash()) {
    return ChainFault{entry.height(), at + ": prev_hash " +
                                          hex_encode(ByteView(entry.prev_hash())) +
                                          " does not link to the previous entry's hash " +
                                          hex_encode(log_.tip_hash())};
  }
  Digest computed = compute_entry_hash(entry);
  if (entry.entry_hash() != std::string(computed.begin(), computed.end())) {
    return ChainFault{entry.height(), at + ": hash mismatch (stored " +
                                          hex_encode(ByteView(entry.entry_hash())) + ", computed " +
                                          hex_encode(ByteView(computed.data(), 32)) + ")"};
  }
  auto tx = decode_tx(ByteView(entry.tx_bytes()));
  if (!tx) return ChainFault{entry.height(), at + ": " + tx.error().message};
  if (verifier && !verifier->verify(entry.scheme(), tx->authorizer(),
                                    ledger_signing_bytes(ByteView(entry.tx_bytes())),
                                    ByteView(entry.signature()))) {
    return ChainFault{entry.height(),
                      at + ": bad " + entry.scheme() + " signature for " + tx->authorizer()};
  }
  auto receipt = apply(state_, *tx, tx->authorizer(), params_, tx->timestamp_unix_ms());
  if (!receipt) {
    return ChainFault{entry.height(), at + ": transaction rejected on replay: " +
                                          receipt.error().code + ": " + receipt.error().message};
  }
  log_.adopt(entry);
  if (check_invariant_each) {
    if (auto violation = check_invariant(state_)) {
      return ChainFault{entry.height(), at + ": invariant violated: " + *violation};
    }
  }
  return std::nullopt;
}

tl::expected<Ledger, ChainFault> replay(const Genesis& genesis, const Params& params,
                                        const std::vector<v1::LedgerEntry>& entries,
                                        const Verifier* verifier, bool retain_entries) {
  Ledger ledger(genesis, params, retain_entries);
  for (const auto& entry : entries) {
    if (auto fault = ledger.replay_entry(entry, verifier)) return tl::unexpected(*fault);
  }
  return ledger;
}

}  // namespace icn::ledger
