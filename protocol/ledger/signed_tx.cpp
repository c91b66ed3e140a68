#include "protocol/ledger/signed_tx.hpp"

#include "protocol/wire/canonical.hpp"

namespace icn::ledger {

SignedTx sign_tx(const v1::LedgerTx& tx, const Signer& signer) {
  SignedTx out;
  out.tx_bytes = deterministic_bytes(tx);
  out.signature = signer.sign(out.tx_bytes);
  out.scheme = std::string(signer.scheme());
  return out;
}

Expected<v1::LedgerTx> decode_tx(ByteView tx_bytes) {
  v1::LedgerTx tx;
  if (!tx.ParseFromArray(tx_bytes.data, static_cast<int>(tx_bytes.size))) {
    return fail("malformed", "transaction bytes do not parse as a LedgerTx");
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
  if (!verifier.verify(signed_tx.scheme, tx->authorizer(), signed_tx.tx_bytes,
                       signed_tx.signature)) {
    return fail("bad_signature",
                "the " + signed_tx.scheme + " signature does not verify for " + tx->authorizer());
  }
  return tx;
}

}  // namespace icn::ledger
