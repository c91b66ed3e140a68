#pragma once
// What every role needs: sealing with a fresh sequence, opening direct and forwarded
// envelopes, the modelled execution, and the behaviour strategies.
#include <cstdint>
#include <string>

#include "actors/world.hpp"
#include "protocol/core/error.hpp"
#include "protocol/wire/envelope.hpp"

namespace icn::actors {

/// How a node behaves. Honest follows the protocol; the others are the adversaries the
/// simulator pits against it (docs/simulator.md, "Strategies").
enum class Strategy : std::uint8_t {
  honest,
  wrong_result,   // executor: returns another output hash
  no_show,        // executor: wins and never delivers
  late_delivery,  // executor: delivers after the execution deadline
  bid_spam,       // executor: bids on everything below its cost
  lazy,           // validator: approves every receipt without re-executing
  collude,        // validator: approves its partner executors' receipts blindly
  offline,        // validator: never answers
  spam,           // submitter: floods the mesh with jobs
  underfunded,    // submitter: submits jobs it cannot pay for
};
const char* to_string(Strategy s);

/// How long an envelope stays acceptable after it is sealed.
inline constexpr DurationMs kEnvelopeTtlMs = 10 * 60 * 1000;

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

/// Seals and opens envelopes for one node. Sequences are max(last + 1, now * 1024): strictly
/// increasing, and above every number used before a restart that wiped the counter.
class Messenger {
 public:
  explicit Messenger(World& world) : world_(world) {}
  v1::Envelope seal(v1::MessageType type, const google::protobuf::MessageLite& payload);
  void send(const std::string& to, v1::MessageType type,
            const google::protobuf::MessageLite& payload) {
    world_.send(to, seal(type, payload));
  }
  /// A message its signer sent us directly: signature, expiry and the replay guard.
  template <class T>
  Expected<T> open_direct(const std::string& from, const v1::Envelope& env, v1::MessageType type) {
    if (env.signer() != from) return fail("forwarded", "signer is not the sender");
    return open_as<T>(env, world_.verifier(), guard_, world_.now(), type);
  }
  /// A message relayed by someone else (the ledger forwards bids, assignments, receipts):
  /// signature and expiry only; the relay's own guard already stopped replays.
  template <class T>
  Expected<T> open_forwarded(const v1::Envelope& env, v1::MessageType type) {
    ReplayGuard fresh;
    return open_as<T>(env, world_.verifier(), fresh, world_.now(), type);
  }
  void forget_peers() { guard_ = ReplayGuard{}; }

 private:
  World& world_;
  ReplayGuard guard_;
  std::uint64_t last_sequence_ = 0;
};

// ---- modelled execution (docs/simulator.md, "Execution model") ----

/// The output hash an honest run of `job_id` produces.
std::string correct_output_hash(const std::string& job_id);
/// The output hash a cheating executor returns.
std::string wrong_output_hash(const std::string& job_id, const std::string& executor);
/// Modelled run time: 20%..60% of the job's max_wall_time_ms (1 s when unset), fixed per job,
/// divided by the node's speed (100 = nominal).
DurationMs modelled_run_ms(const std::string& job_id, std::uint64_t max_wall_time_ms,
                           std::uint32_t speed_percent);

}  // namespace icn::actors
