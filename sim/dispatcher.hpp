#pragma once
// How the CAF-free simulated world reaches the actor runtime (implemented over CAF's test
// coordinator in sim/engine.cpp): delayed deliveries to a node's current actor, and starting
// and stopping that actor when the node crashes and restarts.
#include <cstdint>
#include <memory>
#include <string>

#include "actors/execution.hpp"
#include "actors/world.hpp"

namespace icn::sim {

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  /// Delivers `envelope` from `from` to node `to`'s current actor after `delay` ms.
  virtual void deliver(std::uint32_t to, DurationMs delay, const std::string& from,
                       actors::SharedEnvelope envelope) = 0;
  virtual void timer(std::uint32_t node, DurationMs delay, std::uint64_t tag) = 0;
  virtual void executed(std::uint32_t node, DurationMs delay, std::uint64_t ticket,
                        std::shared_ptr<const actors::ExecutionResult> result) = 0;
  /// Stops the node's actor: whatever is still on its way to it (timers, messages, results)
  /// is dropped by the runtime.
  virtual void stop(std::uint32_t node) = 0;
  /// Starts a new actor for the node (its role's start() restores from the node's disk).
  virtual void start(std::uint32_t node) = 0;
};

}  // namespace icn::sim
