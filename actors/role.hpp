#pragma once
// A role's logic, free of CAF: the actor shell (actors/node_actor.hpp) hands it what arrives
// and it answers through its World. One class per role (actors/roles/), each a thin adapter:
// open the envelope, call the protocol core, send what the core asks for.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "actors/world.hpp"

namespace icn::actors {

class RoleLogic {
 public:
  explicit RoleLogic(World& world) : world_(world) {}
  virtual ~RoleLogic() = default;
  RoleLogic(const RoleLogic&) = delete;
  RoleLogic& operator=(const RoleLogic&) = delete;

  /// Called once when the node starts.
  virtual void start() {}
  /// A message from the network; `from` is the DID of the node that sent it on the wire
  /// (it differs from envelope.signer() when a message is forwarded).
  virtual void on_envelope(const std::string& from, const v1::Envelope& envelope) = 0;
  virtual void on_timer(std::uint64_t tag) = 0;
  /// The node comes back after a crash; `state_kept` false means storage and memory are gone.
  virtual void on_restart(bool state_kept) { (void)state_kept; }

 protected:
  World& world_;
};

}  // namespace icn::actors
