#include "sim/network.hpp"

#include <algorithm>

#include "sim/rng.hpp"

namespace icn::sim {

std::uint64_t NetworkModel::sample_latency(std::uint32_t from, std::uint32_t to,
                                           actors::RandomStream& rng) {
  const auto class_of = [&](std::uint32_t node) -> const LatencyModel& {
    std::uint32_t c = node < node_class_.size() ? node_class_[node] : 0;
    return classes_[c < classes_.size() ? c : 0];
  };
  const LatencyModel& a = class_of(from);
  const LatencyModel& b = class_of(to);
  const LatencyModel& m = (a.base_ms + a.jitter_ms >= b.base_ms + b.jitter_ms) ? a : b;
  std::uint64_t jitter = 0;
  if (m.jitter_ms > 0) {
    if (m.lognormal_sigma_q16 == 0) {
      jitter = rng.uniform(m.jitter_ms + 1);
    } else {
      const std::int64_t z = normal_q16(rng);
      const std::int64_t x = (z * static_cast<std::int64_t>(m.lognormal_sigma_q16)) >> 16;
      jitter = (m.jitter_ms * exp_q16(x)) >> 16;
    }
  }
  return m.base_ms + jitter;
}

Route NetworkModel::route(std::uint32_t from, std::uint32_t to, std::uint64_t now_ms,
                          actors::RandomStream& rng) {
  Route r;
  double loss = loss_;
  double duplicate = duplicate_;
  for (const auto& w : windows_) {
    if (now_ms < w.start_ms || now_ms >= w.end_ms) continue;
    if (!w.side.empty()) {
      const bool a = from < w.side.size() && w.side[from];
      const bool b = to < w.side.size() && w.side[to];
      if (a != b) {
        r.fate = Route::Fate::partitioned;
        return r;
      }
    }
    loss = std::min(1.0, loss + w.loss);
    duplicate = std::min(1.0, duplicate + w.duplicate);
  }
  if (loss > 0 && rng.chance(loss)) {
    r.fate = Route::Fate::lost;
    return r;
  }
  r.copies = (duplicate > 0 && rng.chance(duplicate)) ? 2 : 1;
  for (std::uint8_t i = 0; i < r.copies; ++i) {
    std::uint64_t delay = sample_latency(from, to, rng);
    if (fifo_) {
      // A FIFO link never delivers a later message before an earlier one.
      std::uint64_t& last = last_arrival_[(static_cast<std::uint64_t>(from) << 32) | to];
      const std::uint64_t arrival = std::max(now_ms + delay, last);
      last = arrival;
      delay = arrival - now_ms;
    }
    r.delays[i] = delay;
  }
  return r;
}

}  // namespace icn::sim
