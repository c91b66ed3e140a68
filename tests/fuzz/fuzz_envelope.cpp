// libFuzzer harness: an envelope off the network (protocol/wire/envelope.hpp): decode, check
// version, type, domain, expiry, signature and replay, then decode the payload as the message
// its type names -- also when the signature fails, since a receiver's decoder sees it first.
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "proto/envelope.pb.h"
#include "proto/execution.pb.h"
#include "proto/ledger.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "protocol/crypto/verifier.hpp"
#include "protocol/wire/envelope.hpp"
#include "tests/fuzz/fuzz_spec_checks.hpp"

namespace {

using namespace icn;

// A signed receipt relayed inside another message (settlement notices, re-execution
// requests): the receiver decodes and checks it as if it had come directly.
void decode_relayed_receipt(const std::string& bytes, const Verifier& verifier) {
  v1::Envelope inner;
  if (!inner.ParseFromString(bytes)) return;
  ReplayGuard guard;
  (void)open_as<v1::ExecutionReceipt>(inner, verifier, guard, fuzz::kFuzzNow,
                                      v1::MSG_EXECUTION_RECEIPT);
}

template <class T>
void open_and_decode(const v1::Envelope& envelope, const Verifier& verifier) {
  ReplayGuard guard;
  (void)open_as<T>(envelope, verifier, guard, fuzz::kFuzzNow, envelope.type());
  T payload;
  if (!payload.ParseFromString(envelope.payload())) return;
  if constexpr (std::is_same_v<T, v1::JobSubmission> || std::is_same_v<T, v1::JobAnnouncement>) {
    fuzz::check_parsed_spec(payload.spec());
  }
  if constexpr (std::is_same_v<T, v1::ReexecutionRequest>) {
    fuzz::check_parsed_spec(payload.spec());
    decode_relayed_receipt(payload.receipt_envelope(), verifier);
  }
  if constexpr (std::is_same_v<T, v1::SettlementNotice>) {
    decode_relayed_receipt(payload.receipt_envelope(), verifier);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  v1::Envelope envelope;
  if (!envelope.ParseFromArray(data, static_cast<int>(size))) return 0;
  static const SchemeVerifier verifier;  // Ed25519 only, as on a real node
  (void)envelope_digest(envelope);
  switch (envelope.type()) {
    case v1::MSG_JOB_SUBMISSION:
      open_and_decode<v1::JobSubmission>(envelope, verifier);
      break;
    case v1::MSG_JOB_ANNOUNCEMENT:
      open_and_decode<v1::JobAnnouncement>(envelope, verifier);
      break;
    case v1::MSG_BID:
      open_and_decode<v1::Bid>(envelope, verifier);
      break;
    case v1::MSG_ASSIGNMENT:
      open_and_decode<v1::Assignment>(envelope, verifier);
      break;
    case v1::MSG_CANCELLATION:
      open_and_decode<v1::Cancellation>(envelope, verifier);
      break;
    case v1::MSG_EXECUTION_RECEIPT:
      open_and_decode<v1::ExecutionReceipt>(envelope, verifier);
      break;
    case v1::MSG_VALIDATION_COMMIT:
      open_and_decode<v1::ValidationCommit>(envelope, verifier);
      break;
    case v1::MSG_VALIDATION_REVEAL:
      open_and_decode<v1::ValidationReveal>(envelope, verifier);
      break;
    case v1::MSG_DISPUTE:
      open_and_decode<v1::Dispute>(envelope, verifier);
      break;
    case v1::MSG_VERDICT:
      open_and_decode<v1::Verdict>(envelope, verifier);
      break;
    case v1::MSG_LEDGER_TX:
      open_and_decode<v1::LedgerEntry>(envelope, verifier);
      break;
    case v1::MSG_REPUTATION_SNAPSHOT:
      open_and_decode<v1::ReputationSnapshot>(envelope, verifier);
      break;
    case v1::MSG_SETTLEMENT_NOTICE:
      open_and_decode<v1::SettlementNotice>(envelope, verifier);
      break;
    case v1::MSG_VALIDATION_REQUEST:
    case v1::MSG_ARBITRATION_REQUEST:
      open_and_decode<v1::ReexecutionRequest>(envelope, verifier);
      break;
    default: {
      ReplayGuard guard;
      (void)check_envelope(envelope, verifier, guard, fuzz::kFuzzNow, envelope.type());
    }
  }
  return 0;
}
