#pragma once
// Sealing and opening envelopes for one node: a fresh sequence for everything it signs, and
// the checks every received envelope passes (signature, expiry, replay guard, payload type).
#include <cstdint>
#include <string>

#include "actors/world.hpp"
#include "protocol/core/error.hpp"
#include "protocol/wire/envelope.hpp"

namespace icn::actors {

/// How long an envelope stays acceptable after it is sealed.
inline constexpr DurationMs kEnvelopeTtlMs = 10 * 60 * 1000;

class Messenger {
 public:
  explicit Messenger(World& world) : world_(world) {}

  /// Signs `payload` as a `type` envelope with the node's next sequence number.
  SharedEnvelope seal(v1::MessageType type, const google::protobuf::MessageLite& payload);
  void send(const std::string& to, v1::MessageType type,
            const google::protobuf::MessageLite& payload) {
    world_.send(to, seal(type, payload));
  }

  /// A message its signer sent us directly: signature, expiry and the replay guard.
  template <class T>
  Expected<T> open_direct(const std::string& from, const v1::Envelope& env, v1::MessageType type) {
    if (env.signer() != from) return rejected(env, fail("forwarded", "signer is not the sender"));
    return counted(env, open_as<T>(env, world_.verifier(), guard_, world_.now(), type));
  }
  /// A message relayed by someone else (the ledger forwards bids, assignments, receipts):
  /// signature and expiry only; the relay's own guard already stopped replays.
  template <class T>
  Expected<T> open_forwarded(const v1::Envelope& env, v1::MessageType type) {
    ReplayGuard fresh;
    return counted(env, open_as<T>(env, world_.verifier(), fresh, world_.now(), type));
  }

 private:
  template <class T>
  Expected<T> counted(const v1::Envelope& env, Expected<T> opened) {
    if (!opened) rejected(env, tl::unexpected<Error>(opened.error()));
    return opened;
  }
  tl::unexpected<Error> rejected(const v1::Envelope& env, tl::unexpected<Error> error);

  World& world_;
  ReplayGuard guard_;
};

/// The sequence rule both worlds use: max(last + 1, now * 1024) -- strictly increasing, and
/// above every number used before a restart that lost the counter (at most 1024 a ms).
inline std::uint64_t next_sequence_after(std::uint64_t last, UnixMs now) {
  return last + 1 > now * 1024 ? last + 1 : now * 1024;
}

/// Timer tags: the kind in the top byte, an index below.
inline std::uint64_t make_tag(std::uint8_t kind, std::uint64_t index) {
  return (static_cast<std::uint64_t>(kind) << 56) | (index & ((1ULL << 56) - 1));
}
inline std::uint8_t tag_kind(std::uint64_t tag) {
  return static_cast<std::uint8_t>(tag >> 56);
}
inline std::uint64_t tag_index(std::uint64_t tag) {
  return tag & ((1ULL << 56) - 1);
}

}  // namespace icn::actors
