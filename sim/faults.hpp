#pragma once
// The scenario's fault schedule (docs/simulator.md, "The fault model"): network faults become
// windows of the network model; crashes, restarts and clock skews become steps the engine
// applies at their instants. A crashed node's actor is stopped -- its timers and pending
// executions die with it -- and a restart starts a new actor over the node's disk.
#include <cstdint>
#include <vector>

#include "proto/scenario.pb.h"
#include "sim/network.hpp"
#include "sim/population.hpp"

namespace icn::sim {

struct FaultStep {
  std::uint64_t at_ms = 0;  // relative to the start
  enum class Kind : std::uint8_t { crash, restart, skew } kind = Kind::crash;
  std::vector<std::uint32_t> nodes;
  bool wipe = false;  // restart: the disk was lost
  std::int64_t skew_ms = 0;
};

class FaultSchedule {
 public:
  /// Reads the scenario's faults; partitions and link faults go into `network`.
  FaultSchedule(const v1::Scenario& scenario, const Population& population, NetworkModel& network);

  /// Steps due at or before `now_ms` that were not taken yet, in schedule order.
  std::vector<FaultStep> take_due(std::uint64_t now_ms);
  /// When the next step is due (UINT64_MAX: none left).
  std::uint64_t next_at() const;
  /// Is `node` down at any instant of [from_ms, to_ms]? A message sent at from_ms that
  /// arrives at to_ms is lost then: the receiver was down, or its process died in between.
  bool down_within(std::uint32_t node, std::uint64_t from_ms, std::uint64_t to_ms) const;

 private:
  struct Window {
    std::uint64_t start_ms = 0, end_ms = 0;
  };
  std::vector<FaultStep> steps_;
  std::size_t next_ = 0;
  std::vector<std::vector<Window>> down_;  // per node
};

}  // namespace icn::sim
