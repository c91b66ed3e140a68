#pragma once
// The world an actor lives in: the only way a role reaches time, randomness, other nodes,
// signing, storage and execution. sim/ implements it deterministically (simulated clock,
// seeded streams, a faulty network model, modelled or real execution); node/ implements it for
// real (system clock, OS randomness, CAF middleman over TLS, SQLite, the runtimes on worker
// threads). Nothing in actors/ or protocol/ knows which one it runs in: there is no hook here
// for crashes, restarts or tracing -- a world that wants those wraps the actor from outside.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/events.hpp"
#include "actors/execution.hpp"
#include "proto/envelope.pb.h"
#include "proto/ledger.pb.h"
#include "protocol/core/bytes.hpp"
#include "protocol/core/time.hpp"
#include "protocol/crypto/signer.hpp"

namespace icn::actors {

namespace v1 = icnmesh::v1;

/// A signed envelope shared between senders, the network and receivers: it is never copied
/// on its way (duplicates and forwards reuse it) and never changed after sealing.
using SharedEnvelope = std::shared_ptr<const v1::Envelope>;

/// The roles a node can play.
enum class Role : std::uint8_t { submitter, executor, validator, arbiter, ledger };
inline constexpr std::size_t kRoleCount = 5;
const char* to_string(Role role);

/// Deterministic random numbers for one actor (one independent stream per actor in sim).
/// Implementations must give identical sequences on every platform for the same seed, so
/// no std:: distributions: callers derive ranges with the helpers below.
class RandomStream {
 public:
  virtual ~RandomStream() = default;
  virtual std::uint64_t next_u64() = 0;
  /// Uniform in [0, bound) without modulo bias. An empty range (bound 0) is a caller bug:
  /// asserted in debug builds, and 0 is returned so that a release build cannot divide by 0.
  std::uint64_t uniform(std::uint64_t bound);
  /// Uniform in [0, 1) with 53 random bits.
  double unit();
  /// True with probability p.
  bool chance(double p) { return unit() < p; }
};

/// The ledger authority's hash-chained log, as the node keeps it durably. Entries arrive
/// already applied and linked (ledger::Ledger builds them); storage only keeps them.
class LedgerLogStorage {
 public:
  virtual ~LedgerLogStorage() = default;
  /// Every stored entry in height order (read once, when the ledger role starts).
  virtual std::vector<v1::LedgerEntry> entries() const = 0;
  /// Appends the next entry; durable once flush() returned.
  virtual void append(const v1::LedgerEntry& entry) = 0;
  /// Makes every appended entry durable (a node's fsync; nothing in the simulator).
  virtual void flush() {}
};

/// Durable storage of one node: records by key, kept in key order, plus the ledger log when
/// the node is the ledger authority. Survives a restart unless the world wipes it (a real
/// disk lost, or a scenario's `wipe_state`). Records are written through: a role writes what
/// it must find again after a crash, and reads it back in start().
class Storage {
 public:
  virtual ~Storage() = default;
  virtual void put(std::string_view key, std::string value) = 0;
  virtual std::optional<std::string> get(std::string_view key) const = 0;
  virtual void erase(std::string_view key) = 0;
  /// Every record whose key starts with `prefix`, in key order.
  virtual std::vector<std::pair<std::string, std::string>> scan(std::string_view prefix) const = 0;
  virtual LedgerLogStorage& ledger_log() = 0;
};

/// Who plays which role, so that a submitter can find executors and validators and
/// everybody can find the ledger. In sim the scenario's population; on a node, config + peers.
class Directory {
 public:
  virtual ~Directory() = default;
  /// All DIDs playing `role`, in a stable order (sorted by DID).
  virtual const std::vector<std::string>& members(Role role) const = 0;
  /// The ledger authority's DID ("" when the directory has none).
  const std::string& ledger() const;
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
  /// A fresh envelope sequence number for this node: strictly increasing over everything the
  /// node signs (receivers' replay guards demand it), also across restarts.
  virtual std::uint64_t next_sequence() = 0;

  /// Sends a signed envelope to the node with DID `to`. It may be delayed, lost, duplicated
  /// or reordered by the network; it arrives as the receiver's on_envelope, with `from` set
  /// by the receiving world to the sender it authenticated (never by the sender).
  virtual void send(const std::string& to, SharedEnvelope envelope) = 0;
  /// Asks for on_timer(tag) after `delay` (world time). Timers die with the actor.
  virtual void set_timer(DurationMs delay, std::uint64_t tag) = 0;
  /// Runs a job (fetch by hash, check, execute within its limits) without blocking the
  /// actor: the result arrives later as on_executed(ticket, result).
  virtual void execute(std::uint64_t ticket, ExecutionOrder order) = 0;
  /// Observability: a typed protocol event (the simulator counts and traces it, the node
  /// logs it and exports metrics). Never feeds back into any decision.
  virtual void emit(const Event& event) = 0;
};

}  // namespace icn::actors
