#include "protocol/wire/envelope.hpp"

#include "protocol/core/content_id.hpp"
#include "protocol/wire/canonical.hpp"

namespace icn {

std::string_view domain_for(v1::MessageType type) {
  switch (type) {
    case v1::MSG_JOB_SUBMISSION:
      return "icnmesh/v1/job-submission";
    case v1::MSG_JOB_ANNOUNCEMENT:
      return "icnmesh/v1/job-announcement";
    case v1::MSG_BID:
      return "icnmesh/v1/bid";
    case v1::MSG_ASSIGNMENT:
      return "icnmesh/v1/assignment";
    case v1::MSG_CANCELLATION:
      return "icnmesh/v1/cancellation";
    case v1::MSG_EXECUTION_RECEIPT:
      return "icnmesh/v1/execution-receipt";
    case v1::MSG_VALIDATION_COMMIT:
      return "icnmesh/v1/validation-commit";
    case v1::MSG_VALIDATION_REVEAL:
      return "icnmesh/v1/validation-reveal";
    case v1::MSG_DISPUTE:
      return "icnmesh/v1/dispute";
    case v1::MSG_VERDICT:
      return "icnmesh/v1/verdict";
    case v1::MSG_LEDGER_TX:
      return "icnmesh/v1/ledger-tx";
    case v1::MSG_REPUTATION_SNAPSHOT:
      return "icnmesh/v1/reputation-snapshot";
    case v1::MSG_SETTLEMENT_NOTICE:
      return "icnmesh/v1/settlement-notice";
    case v1::MSG_VALIDATION_REQUEST:
      return "icnmesh/v1/validation-request";
    case v1::MSG_ARBITRATION_REQUEST:
      return "icnmesh/v1/arbitration-request";
    default:
      return "";
  }
}

Bytes canonical_signing_bytes(const v1::Envelope& envelope) {
  Bytes out = to_bytes(kEnvelopeSigningTag);
  out.reserve(out.size() + 4 * 5 + 8 * 2 + envelope.domain().size() + envelope.signer().size() +
              envelope.scheme().size() + envelope.payload().size());
  append_u32_be(out, envelope.version());
  append_length_prefixed(out, std::string_view(envelope.domain()));
  append_length_prefixed(out, std::string_view(envelope.signer()));
  append_length_prefixed(out, std::string_view(envelope.scheme()));
  append_u32_be(out, static_cast<std::uint32_t>(envelope.type()));
  append_u64_be(out, envelope.sequence());
  append_u64_be(out, envelope.expires_at_unix_ms());
  append_length_prefixed(out, std::string_view(envelope.payload()));
  return out;
}

v1::Envelope seal(const Signer& signer, v1::MessageType type,
                  const google::protobuf::MessageLite& payload, std::uint64_t sequence,
                  UnixMs expires_at) {
  v1::Envelope envelope;
  envelope.set_version(kEnvelopeVersion);
  envelope.set_signer(signer.did());
  envelope.set_type(type);
  envelope.set_domain(std::string(domain_for(type)));
  envelope.set_sequence(sequence);
  envelope.set_expires_at_unix_ms(expires_at);
  Bytes body = deterministic_bytes(payload);
  envelope.set_payload(body.data(), body.size());
  envelope.set_scheme(std::string(signer.scheme()));
  Bytes signature = signer.sign(canonical_signing_bytes(envelope));
  envelope.set_signature(signature.data(), signature.size());
  return envelope;
}

bool ReplayGuard::is_replay(std::string_view signer, std::uint64_t sequence) const {
  auto it = highest_.find(signer);
  return it != highest_.end() && sequence <= it->second;
}

void ReplayGuard::record(std::string_view signer, std::uint64_t sequence) {
  auto it = highest_.find(signer);
  if (it == highest_.end()) {
    highest_.emplace(std::string(signer), sequence);
  } else if (sequence > it->second) {
    it->second = sequence;
  }
}

std::optional<std::uint64_t> ReplayGuard::highest(std::string_view signer) const {
  auto it = highest_.find(signer);
  if (it == highest_.end()) return std::nullopt;
  return it->second;
}

Expected<void> check_envelope(const v1::Envelope& envelope, const Verifier& verifier,
                              const ReplayGuard& guard, UnixMs now, v1::MessageType expected_type) {
  const std::string from = "envelope from " + envelope.signer() + ": ";
  if (envelope.version() != kEnvelopeVersion) {
    return fail("bad_version", from + "version " + std::to_string(envelope.version()) +
                                   ", expected " + std::to_string(kEnvelopeVersion));
  }
  if (envelope.type() != expected_type) {
    return fail("wrong_type", from + "type " + v1::MessageType_Name(envelope.type()) +
                                  ", expected " + v1::MessageType_Name(expected_type));
  }
  std::string_view domain = domain_for(envelope.type());
  if (domain.empty() || envelope.domain() != domain) {
    return fail("wrong_domain", from + "domain \"" + envelope.domain() + "\", expected \"" +
                                    std::string(domain) + "\"");
  }
  if (now > envelope.expires_at_unix_ms()) {
    return fail("expired", from + "expired at " + std::to_string(envelope.expires_at_unix_ms()) +
                               " ms, now is " + std::to_string(now) + " ms");
  }
  if (!verifier.verify(envelope.scheme(), envelope.signer(), canonical_signing_bytes(envelope),
                       std::string_view(envelope.signature()))) {
    return fail("bad_signature",
                from + "signature (scheme \"" + envelope.scheme() + "\") does not verify");
  }
  if (guard.is_replay(envelope.signer(), envelope.sequence())) {
    return fail("replay", from + "sequence " + std::to_string(envelope.sequence()) +
                              " is not above the highest accepted " +
                              std::to_string(*guard.highest(envelope.signer())));
  }
  return {};
}

Expected<void> open(const v1::Envelope& envelope, const Verifier& verifier, ReplayGuard& guard,
                    UnixMs now, v1::MessageType expected_type) {
  auto checked = check_envelope(envelope, verifier, guard, now, expected_type);
  if (!checked) return checked;
  guard.record(envelope.signer(), envelope.sequence());
  return {};
}

std::string envelope_digest(const v1::Envelope& envelope) {
  Bytes bytes = canonical_signing_bytes(envelope);
  append_length_prefixed(bytes, std::string_view(envelope.signature()));
  return content_id(bytes);
}

}  // namespace icn
