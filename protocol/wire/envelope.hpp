#pragma once
// Signed envelopes (protocol/proto/envelope.proto; byte layout in docs/protocol.md,
// "Envelopes"). Every protocol message travels sealed in one: the signature covers a
// domain-separated canonical encoding of every field except the signature itself, so a
// signature made for one message type never verifies as another, and the per-signer
// sequence plus the expiry bound replays.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "proto/envelope.pb.h"
#include "protocol/core/bytes.hpp"
#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"
#include "protocol/crypto/signer.hpp"

namespace icn {

namespace v1 = icnmesh::v1;

inline constexpr std::uint32_t kEnvelopeVersion = 1;
/// First bytes of every envelope's signing bytes.
inline constexpr std::string_view kEnvelopeSigningTag = "icnmesh/envelope/v1\n";

/// The domain tag of a message type ("icnmesh/v1/bid", ...); "" for MSG_UNSPECIFIED or an
/// unknown value.
std::string_view domain_for(v1::MessageType type);

/// The bytes a signer signs: kEnvelopeSigningTag, then version (u32 BE), domain (len-prefixed),
/// signer (len-prefixed), scheme (len-prefixed), type (u32 BE), sequence (u64 BE),
/// expires_at_unix_ms (u64 BE), payload (len-prefixed). Never includes the signature.
Bytes canonical_signing_bytes(const v1::Envelope& envelope);

/// Builds and signs an envelope carrying the deterministic serialization of `payload`.
v1::Envelope seal(const Signer& signer, v1::MessageType type,
                  const google::protobuf::MessageLite& payload, std::uint64_t sequence,
                  UnixMs expires_at);

/// Replay protection, one per receiver: the highest accepted sequence of each signer.
/// Rule: sequences are strictly increasing per signer; a sequence <= the highest one accepted
/// from that signer is a replay. Gaps are allowed (messages to other receivers use numbers
/// too). Consequence: a signer that restarts must persist its counter (or resume above every
/// number it ever used); otherwise its new messages are rejected as replays. Pure state;
/// ordered map for deterministic iteration.
class ReplayGuard {
 public:
  /// True when `sequence` from `signer` is not above the highest accepted one.
  bool is_replay(std::string_view signer, std::uint64_t sequence) const;
  /// Records an accepted sequence (keeps the maximum).
  void record(std::string_view signer, std::uint64_t sequence);
  /// The highest accepted sequence of `signer`, if any.
  std::optional<std::uint64_t> highest(std::string_view signer) const;
  std::size_t size() const { return highest_.size(); }

 private:
  std::map<std::string, std::uint64_t, std::less<>> highest_;
};

/// Checks an envelope without changing any state, in this order (first failure wins):
/// "bad_version", "wrong_type" (type != expected_type), "wrong_domain" (domain !=
/// domain_for(type)), "expired" (now > expires_at_unix_ms), "bad_signature", "replay".
Expected<void> check_envelope(const v1::Envelope& envelope, const Verifier& verifier,
                              const ReplayGuard& guard, UnixMs now, v1::MessageType expected_type);

/// check_envelope, then records the sequence in `guard`. The signature is verified before
/// the sequence is recorded, so a forged envelope never advances the guard.
Expected<void> open(const v1::Envelope& envelope, const Verifier& verifier, ReplayGuard& guard,
                    UnixMs now, v1::MessageType expected_type);

/// open() and parse the payload as T ("bad_payload" when it does not parse). The sequence is
/// recorded only when the envelope is accepted AND its payload parses.
template <class T>
Expected<T> open_as(const v1::Envelope& envelope, const Verifier& verifier, ReplayGuard& guard,
                    UnixMs now, v1::MessageType expected_type) {
  auto checked = check_envelope(envelope, verifier, guard, now, expected_type);
  if (!checked) return tl::unexpected<Error>(checked.error());
  T message;
  if (!message.ParseFromString(envelope.payload())) {
    return fail("bad_payload", "envelope from " + envelope.signer() + ": payload is not a valid " +
                                   message.GetTypeName());
  }
  guard.record(envelope.signer(), envelope.sequence());
  return message;
}

/// Content id ("sha256:...") of canonical_signing_bytes followed by the length-prefixed
/// signature: names one signed envelope (traces, Assignment.bid_digest).
std::string envelope_digest(const v1::Envelope& envelope);

}  // namespace icn
