#include "protocol/ledger/signed_tx.hpp"

#include <cstring>
#include <vector>

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
// True when `message` or any message inside it carries fields unknown to this build.
bool has_unknown_fields(const google::protobuf::Message& message) {
  const auto* reflection = message.GetReflection();
  if (!reflection->GetUnknownFields(message).empty()) return true;
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        if (has_unknown_fields(reflection->GetRepeatedMessage(message, field, i))) return true;
      }
    } else if (has_unknown_fields(reflection->GetMessage(message, field))) {
      return true;
    }
  }
  return false;
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
