#pragma once
// A ledger transaction as it travels: the exact transaction bytes, the signature and its scheme.
// tx_bytes = icn::deterministic_bytes(tx); the signer's DID must equal tx.authorizer.
// The signature covers kLedgerTxSigningTag || tx_bytes (domain separation: no envelope, file
// or other signed string can double as a ledger transaction signature).
#include <string>

#include "proto/ledger.pb.h"
#include "protocol/core/bytes.hpp"
#include "protocol/core/error.hpp"
#include "protocol/crypto/signer.hpp"

namespace icn::ledger {

namespace v1 = icnmesh::v1;

inline constexpr std::string_view kLedgerTxSigningTag = "icnmesh/ledger-tx/v1\n";

/// The bytes a ledger transaction signature covers: kLedgerTxSigningTag || tx_bytes.
Bytes ledger_signing_bytes(ByteView tx_bytes);

struct SignedTx {
  Bytes tx_bytes;
  Bytes signature;
  std::string scheme;
};

/// Serializes `tx` deterministically and signs the bytes. The caller sets tx.authorizer to
/// signer.did() (sign_tx does not change the transaction).
SignedTx sign_tx(const v1::LedgerTx& tx, const Signer& signer);

/// Parses tx_bytes; error "malformed" when they do not parse, carry fields this build does not
/// know, or are not the canonical (deterministic) serialization of what they parse to, so one
/// transaction has one encoding.
Expected<v1::LedgerTx> decode_tx(ByteView tx_bytes);

/// Decodes and checks the signature against tx.authorizer. Error "bad_signature" or
/// "malformed".
Expected<v1::LedgerTx> verify_signed_tx(const SignedTx& signed_tx, const Verifier& verifier);

/// A Verifier that accepts every signature: for replaying a log whose signatures were checked
/// when it was written, and for measuring the ledger without signature cost. Never use it
/// on transactions from the network.
class TrustingVerifier : public Verifier {
 public:
  bool verify(std::string_view, std::string_view, ByteView, ByteView) const override {
    return true;
  }
};

}  // namespace icn::ledger
