#pragma once
// The simulated network every message between nodes passes through (docs/simulator.md,
// "Fault model"): per-link latency (base + uniform or lognormal jitter), loss, duplication,
// reordering through jitter (or FIFO links), partitions and link faults in time windows.
// Crashes are not decided here: a crashed node's world drops what arrives (sim/world).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/world.hpp"
#include "protocol/core/time.hpp"

namespace icn::sim {

struct LatencyModel {
  std::uint64_t base_ms = 5;
  std::uint64_t jitter_ms = 5;
  std::uint32_t lognormal_sigma_q16 = 0;  // 0: uniform jitter in [0, jitter_ms]
};

/// A fault that applies to messages sent while now is in [start_ms, end_ms).
struct NetworkWindow {
  std::uint64_t start_ms = 0;
  std::uint64_t end_ms = 0;
  /// Partition: membership per node index; a message crossing the cut is dropped.
  std::vector<bool> side;
  /// Link fault: extra loss / duplication probability (applies to every link).
  double loss = 0;
  double duplicate = 0;
};

/// What happens to one message.
struct Route {
  enum class Fate : std::uint8_t { delivered, lost, partitioned };
  Fate fate = Fate::delivered;
  /// Delivery delays of each copy (two copies when duplicated).
  std::uint64_t delays[2] = {0, 0};
  std::uint8_t copies = 0;
};

class NetworkModel {
 public:
  NetworkModel() = default;
  void set_classes(std::vector<LatencyModel> classes) { classes_ = std::move(classes); }
  /// node index -> latency class index; grows the node table.
  void add_node(std::uint32_t latency_class) { node_class_.push_back(latency_class); }
  void set_loss(double loss, double duplicate) {
    loss_ = loss;
    duplicate_ = duplicate;
  }
  void set_fifo(bool fifo) { fifo_ = fifo; }
  void add_window(NetworkWindow window) { windows_.push_back(std::move(window)); }
  std::size_t node_count() const { return node_class_.size(); }

  /// Decides the fate and delay of a message sent from node `from` to node `to` at
  /// `now_ms` (relative to the start), drawing from `rng`.
  Route route(std::uint32_t from, std::uint32_t to, std::uint64_t now_ms,
              actors::RandomStream& rng);

  /// One-way latency sample for a link (the larger of the two endpoints' classes).
  std::uint64_t sample_latency(std::uint32_t from, std::uint32_t to, actors::RandomStream& rng);

 private:
  std::vector<LatencyModel> classes_{LatencyModel{}};
  std::vector<std::uint32_t> node_class_;
  std::vector<NetworkWindow> windows_;
  double loss_ = 0;
  double duplicate_ = 0;
  bool fifo_ = true;
  // Lookup only (never iterated), so an unordered map keeps determinism.
  std::unordered_map<std::uint64_t, std::uint64_t> last_arrival_;  // (from<<32|to) -> abs ms
};

}  // namespace icn::sim
