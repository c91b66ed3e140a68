#pragma once
// A role's logic, free of CAF: the actor shell (actors/node_actor.hpp) hands it what arrives
// and it answers through its World. One class per role (actors/roles/), each a thin adapter:
// open the envelope, call the protocol core, send what the core asks for.
#include <cstdint>
#include <string>

#include "actors/world.hpp"

namespace icn::actors {

class RoleLogic {
 public:
  explicit RoleLogic(World& world) : world_(world) {}
  virtual ~RoleLogic() = default;
  RoleLogic(const RoleLogic&) = delete;
  RoleLogic& operator=(const RoleLogic&) = delete;

  /// Called once when the actor starts: a role restores what it keeps in World::storage()
  /// (a restarted node is a new actor over the same storage) and arms its timers.
  virtual void start() {}
  /// A message from the network; `from` is the DID of the node that sent it on the wire, as
  /// the world authenticated it (it differs from envelope.signer() when a message is
  /// forwarded).
  virtual void on_envelope(const std::string& from, const SharedEnvelope& envelope) = 0;
  virtual void on_timer(std::uint64_t tag) = 0;
  /// A job this role asked the world to run (World::execute) finished.
  virtual void on_executed(std::uint64_t ticket, const ExecutionResult& result) {
    (void)ticket;
    (void)result;
  }

 protected:
  World& world_;
};

}  // namespace icn::actors
