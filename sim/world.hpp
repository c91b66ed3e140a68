#pragma once
// One simulated node's World: the simulated clock (plus the node's skew), its own seeded
// stream, its signer, its disk, the scenario's directory, and the network, timers and
// execution of the simulator (sim/core.hpp). The same interface the node implements for real.
#include <cstdint>
#include <memory>

#include "actors/world.hpp"
#include "sim/rng.hpp"
#include "sim/storage.hpp"

namespace icn::sim {

class SimCore;

class SimWorld : public actors::World {
 public:
  SimWorld(SimCore& core, std::uint32_t index, std::unique_ptr<Signer> signer, std::uint64_t seed);

  UnixMs now() const override;
  actors::RandomStream& random() override { return rng_; }
  const Signer& signer() const override { return *signer_; }
  const Verifier& verifier() const override;
  actors::Storage& storage() override { return disk_; }
  const actors::Directory& directory() const override;
  std::uint64_t next_sequence() override;
  void send(const std::string& to, actors::SharedEnvelope envelope) override;
  void set_timer(DurationMs delay, std::uint64_t tag) override;
  void execute(std::uint64_t ticket, actors::ExecutionOrder order) override;
  void emit(const actors::Event& event) override;

  SimStorage& disk() { return disk_; }
  std::int64_t skew_ms = 0;

 private:
  SimCore& core_;
  std::uint32_t index_;
  std::unique_ptr<Signer> signer_;
  SimRandom rng_;
  SimStorage disk_;
  std::uint64_t last_sequence_ = 0;
};

}  // namespace icn::sim
