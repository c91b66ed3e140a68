#include "protocol/ledger/signed_tx.hpp"

#include <cstring>

#include "protocol/wire/canonical.hpp"

namespace icn::ledger {

Bytes ledger_signing_bytes(ByteView tx_bytes) {
  // Sized once and filled with memcpy (GCC 12 misreports vector::insert here, -Warray-bounds).
  Bytes out(kLedgerTxSigningTag.size() + tx_bytes.size);
  std::memcpy(out.data(), kLedgerTxSigningTag.data(), kLedgerTxSigningTag.size());
  if (tx_bytes.size != 0) {
    std::memcpy(out.data() + kLedgerTxSigningTag.size(), tx_bytes.data, tx_bytes.size);
  }
  return out;
}

namespace {
template <class M>
bool unknown(const M& message) {
  return !message.GetReflection()->GetUnknownFields(message).empty();
}

// True when the transaction or any message inside it carries fields unknown to this build.
// Written out per kind (no field listing through reflection): it runs on every transaction.
bool has_unknown_fields(const v1::LedgerTx& tx) {
  if (unknown(tx)) return true;
  switch (tx.body_case()) {
    case v1::LedgerTx::kMint:
      return unknown(tx.mint());
    case v1::LedgerTx::kRegenerate:
      return unknown(tx.regenerate());
    case v1::LedgerTx::kTransfer:
      return unknown(tx.transfer());
    case v1::LedgerTx::kEscrowLock:
      return unknown(tx.escrow_lock());
    case v1::LedgerTx::kEscrowRelease:
      if (unknown(tx.escrow_release())) return true;
      for (const auto& p : tx.escrow_release().payouts()) {
        if (unknown(p)) return true;
      }
      return false;
    case v1::LedgerTx::kBondPost:
      return unknown(tx.bond_post());
    case v1::LedgerTx::kBondWithdraw:
      return unknown(tx.bond_withdraw());
    case v1::LedgerTx::kBondClaim:
      return unknown(tx.bond_claim());
    case v1::LedgerTx::kSlash:
      if (unknown(tx.slash())) return true;
      for (const auto& share : tx.slash().shares()) {
        if (unknown(share)) return true;
      }
      return false;
    default:
      return false;
  }
}
}  // namespace

SignedTx sign_tx(const v1::LedgerTx& tx, const Signer& signer) {
  SignedTx out;
  out.tx_bytes = deterministic_bytes(tx);
  out.signature = signer.sign(ledger_signing_bytes(out.tx_bytes));
  out.scheme = std::string(signer.scheme());
  return out;
}

Expected<v1::LedgerTx> decode_tx(ByteView tx_bytes) {
  v1::LedgerTx tx;
  if (!tx.ParseFromArray(tx_bytes.data, static_cast<int>(tx_bytes.size))) {
    return fail("malformed", "transaction bytes do not parse as a LedgerTx");
  }
  if (has_unknown_fields(tx)) {
    return fail("malformed", "transaction carries fields unknown to this ledger");
  }
  Bytes canonical = deterministic_bytes(tx);
  if (canonical.size() != tx_bytes.size ||
      !std::equal(canonical.begin(), canonical.end(), tx_bytes.begin())) {
    return fail("malformed", "transaction bytes are not the canonical serialization");
  }
  return tx;
}

Expected<v1::LedgerTx> verify_signed_tx(const SignedTx& signed_tx, const Verifier& verifier) {
  auto tx = decode_tx(signed_tx.tx_bytes);
  if (!tx) return tx;
  if (!verifier.verify(signed_tx.scheme, tx->authorizer(), ledger_signing_bytes(signed_tx.tx_bytes),
                       signed_tx.signature)) {
    return fail("bad_signature",
                "the " + signed_tx.scheme + " signature does not verify for " + tx->authorizer());
  }
  return tx;
}

}  // namespace icn::ledger
