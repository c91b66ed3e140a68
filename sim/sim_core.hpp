#pragma once
// Internals of the simulated world shared by sim_core.cpp (CAF-free) and engine.cpp (CAF).
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/roles/roles.hpp"
#include "protocol/crypto/sim_mac.hpp"
#include "protocol/crypto/verifier.hpp"
#include "protocol/ledger/ledger.hpp"
#include "protocol/reputation/reputation.hpp"
#include "sim/network.hpp"
#include "sim/rng.hpp"
#include "sim/simulation.hpp"

namespace icn::sim {

class SimCore;

class MemoryStorage : public actors::Storage {
 public:
  void put(const std::string& key, const Bytes& value) override { data_[key] = value; }
  std::optional<Bytes> get(const std::string& key) const override {
    auto it = data_.find(key);
    if (it == data_.end()) return std::nullopt;
    return it->second;
  }
  void erase(const std::string& key) override { data_.erase(key); }
  void clear() { data_.clear(); }

 private:
  std::map<std::string, Bytes> data_;
};

struct NodeSpec {
  std::string name;   // "<group>-<i>" or "ledger"
  std::string group;  // "" for the ledger
  std::string did;
  actors::Role role = actors::Role::ledger;
  actors::Strategy strategy = actors::Strategy::honest;
  const v1::Group* group_spec = nullptr;
};

/// One node's world.
class SimNode : public actors::World {
 public:
  SimNode(SimCore& core, std::uint32_t index, std::unique_ptr<Signer> signer, std::uint64_t seed);
  UnixMs now() const override;
  actors::RandomStream& random() override { return rng_; }
  const Signer& signer() const override { return *signer_; }
  const Verifier& verifier() const override;
  actors::Storage& storage() override { return storage_; }
  const actors::Directory& directory() const override;
  void send(const std::string& to, const v1::Envelope& envelope) override;
  void set_timer(DurationMs delay, std::uint64_t tag) override;
  void report(const std::string& event, const std::string& subject, std::int64_t value) override;
  bool on_arrival(const std::string& from, const v1::Envelope& envelope) override;
  bool on_timer(std::uint64_t generation) override { return !down && generation == generation_; }

  bool down = false;
  std::int64_t skew_ms = 0;
  void crash() {
    down = true;
    ++generation_;
  }
  MemoryStorage& memory() { return storage_; }

 private:
  SimCore& core_;
  std::uint32_t index_;
  std::unique_ptr<Signer> signer_;
  SimRandom rng_;
  MemoryStorage storage_;
  std::uint64_t generation_ = 0;
};

class SimDirectory : public actors::Directory {
 public:
  explicit SimDirectory(SimCore& core) : core_(core) {}
  const std::vector<std::string>& members(actors::Role role) const override {
    return members_[static_cast<std::size_t>(role)];
  }
  std::optional<std::uint32_t> reputation_ppm(const std::string& did) const override;
  std::vector<std::string> members_[5];

 private:
  SimCore& core_;
};

/// A fault transition at a point in time (crash start/end, skew start/end).
struct FaultStep {
  std::uint64_t at_ms = 0;  // relative
  enum class Kind : std::uint8_t { crash, restart, skew } kind = Kind::crash;
  std::vector<std::uint32_t> nodes;
  bool state_kept = true;
  std::int64_t skew_ms = 0;
};

class SimCore {
 public:
  SimCore(const v1::Scenario& scenario, const RunOptions& options);
  ~SimCore();

  // ---- set-up ----
  std::size_t node_count() const { return nodes_.size(); }
  SimNode& node(std::uint32_t i) { return *nodes_[i]; }
  std::unique_ptr<actors::RoleLogic> make_role(std::uint32_t i);
  void set_dispatcher(Dispatcher* d) { dispatcher_ = d; }

  // ---- the loop's view ----
  UnixMs start_unix_ms() const { return start_unix_ms_; }
  std::uint64_t now_ms = 0;  // relative simulated time, set by the loop
  std::uint64_t events = 0;
  /// Applies due fault steps; returns the time of the next pending one (UINT64_MAX: none).
  std::uint64_t apply_faults(std::uint64_t now_rel);
  /// Runs the invariant checks after an event.
  void after_event();
  std::uint64_t duration_ms() const { return scenario_.duration_ms(); }
  RunResult finish(std::uint64_t wall_ms);

  // ---- services for nodes ----
  void transmit(std::uint32_t from, const std::string& to, const v1::Envelope& envelope);
  void on_report(std::uint32_t node, const std::string& event, const std::string& subject,
                 std::int64_t value);
  bool on_arrival(std::uint32_t node, const std::string& from, const v1::Envelope& envelope);
  const Verifier& verifier() const { return *verifier_; }
  const SimDirectory& directory() const { return directory_; }
  Dispatcher& dispatcher() { return *dispatcher_; }
  const std::string& name_of(const std::string& did) const;
  std::uint32_t reputation(const std::string& did) const;

 private:
  void build_population();
  void build_genesis();
  void build_faults();
  void trace_line(const std::string& from, const std::string& to, const char* what,
                  const std::string& detail);
  std::int64_t wealth(const std::string& did) const;

  v1::Scenario scenario_;
  RunOptions options_;
  std::uint64_t seed_ = 0;
  UnixMs start_unix_ms_ = 0;
  v1::EconomicParams params_;
  std::vector<NodeSpec> specs_;
  std::vector<std::unique_ptr<SimNode>> nodes_;
  // DID -> node. Lookup only (never iterated), so a hash map keeps runs deterministic.
  std::unordered_map<std::string, std::uint32_t> index_of_;
  SimKeyRegistry keys_;
  std::unique_ptr<Verifier> verifier_;
  SimDirectory directory_;
  std::unique_ptr<ledger::Ledger> ledger_;
  reputation::ReputationBook reputation_;
  NetworkModel network_;
  SimRandom network_rng_;
  std::vector<FaultStep> fault_steps_;
  std::size_t next_fault_ = 0;
  Trace trace_;
  InvariantSet invariants_;
  Dispatcher* dispatcher_ = nullptr;
  std::uint32_t invariant_every_ = 1;
  std::map<std::string, std::int64_t> wealth_start_;
  std::uint64_t supply_start_ = 0;

  // counters: the per-message ones are plain fields (hot path), the rest by name
  std::map<std::string, double> counters_;
  struct MessageCounts {
    std::uint64_t sent = 0, delivered = 0, lost = 0, partitioned = 0, duplicated = 0,
                  dropped_down = 0, unroutable = 0;
  } msgs_;
  struct JobInfo {
    std::string submitter, executor, outcome, resolution;
    bool settled = false;
  };
  std::map<std::string, JobInfo> jobs_;
  std::set<std::string> honest_;
  std::map<std::string, std::string> group_of_did_;
};

}  // namespace icn::sim
