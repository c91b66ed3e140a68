#pragma once
// The world an actor lives in: the only way an actor reaches time, randomness, other nodes,
// signing and storage. sim/ implements it deterministically (simulated clock, seeded streams,
// a faulty network model); node/ implements it for real (system clock, OS randomness, CAF
// middleman over TLS, SQLite). Nothing in actors/ or protocol/ knows which one it runs in.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/envelope.pb.h"
#include "protocol/core/bytes.hpp"
#include "protocol/core/time.hpp"
#include "protocol/crypto/signer.hpp"

namespace icn::actors {

namespace v1 = icnmesh::v1;

/// The roles a node can play.
enum class Role : std::uint8_t { submitter, executor, validator, arbiter, ledger };

/// Deterministic random numbers for one actor (one independent stream per actor in sim).
/// Implementations must give identical sequences on every platform for the same seed, so
/// no std:: distributions: callers derive ranges with the helpers below.
class RandomStream {
 public:
  virtual ~RandomStream() = default;
  virtual std::uint64_t next_u64() = 0;
  /// Uniform in [0, bound) without modulo bias (bound > 0).
  std::uint64_t uniform(std::uint64_t bound);
  /// Uniform in [0, 1) with 53 random bits.
  double unit();
  /// True with probability p.
  bool chance(double p) { return unit() < p; }
};

/// A durable key-value store for one node's state (survives a simulated or real restart
/// unless the scenario says the node loses its state).
class Storage {
 public:
  virtual ~Storage() = default;
  virtual void put(const std::string& key, const Bytes& value) = 0;
  virtual std::optional<Bytes> get(const std::string& key) const = 0;
  virtual void erase(const std::string& key) = 0;
};

/// Who plays which role, so that a submitter can find executors and validators and
/// everybody can find the ledger. In sim the scenario's population; on a node, config + peers.
class Directory {
 public:
  virtual ~Directory() = default;
  /// All DIDs playing `role`, in a stable order (sorted by DID).
  virtual const std::vector<std::string>& members(Role role) const = 0;
  /// Reputation of `did` in ppm as the mesh last published it (established outcomes only);
  /// nullopt: unknown, callers use the prior.
  virtual std::optional<std::uint32_t> reputation_ppm(const std::string& did) const {
    (void)did;
    return std::nullopt;
  }
};

class World {
 public:
  virtual ~World() = default;

  /// Current time (simulated in sim, wall clock on a node).
  virtual UnixMs now() const = 0;
  /// This actor's own random stream.
  virtual RandomStream& random() = 0;
  /// This actor's identity: signs everything it sends.
  virtual const Signer& signer() const = 0;
  /// Verifies anybody's signature.
  virtual const Verifier& verifier() const = 0;
  virtual Storage& storage() = 0;
  virtual const Directory& directory() const = 0;

  /// Sends a signed envelope to the node with DID `to`. It may be delayed, lost, duplicated
  /// or reordered by the network; delivery arrives as the actor's `deliver` message.
  virtual void send(const std::string& to, const v1::Envelope& envelope) = 0;
  /// Asks for a `timer` message carrying `tag` after `delay` (world time).
  virtual void set_timer(DurationMs delay, std::uint64_t tag) = 0;

  /// Observability: the actor reports a protocol event (job completed, slashed, ...) that the
  /// simulator counts and traces; the node logs it. `subject` is usually a job id.
  virtual void report(const std::string& event, const std::string& subject, std::int64_t value) = 0;

  // ---- hooks the actor shell calls (the simulator injects faults and traces here) ----

  /// A network message arrived for this node; false drops it (sim: the node is down).
  virtual bool on_arrival(const std::string& from, const v1::Envelope& envelope) {
    (void)from;
    (void)envelope;
    return true;
  }
  /// A timer armed in life `generation` of this node fired; false drops it (sim: the node
  /// crashed since it was armed, so the timer died with it).
  virtual bool on_timer(std::uint64_t generation) {
    (void)generation;
    return true;
  }
};

}  // namespace icn::actors
