#pragma once
// Seeded random streams for the simulator: xoshiro256** whose state comes from
// SHA-256(seed as 8 big-endian bytes || stream name), so every actor (and the network) draws
// from its own independent stream and adding an actor never shifts another's numbers.
// Integer math only; derived distributions are computed by hand (no std:: distributions).
#include <array>
#include <cstdint>
#include <string_view>

#include "actors/world.hpp"

namespace icn::sim {

/// splitmix64 step: used to expand seeds and for cheap hashing of integers.
std::uint64_t splitmix64(std::uint64_t& state);

class SimRandom : public actors::RandomStream {
 public:
  SimRandom(std::uint64_t seed, std::string_view stream_name);
  std::uint64_t next_u64() override;

 private:
  std::array<std::uint64_t, 4> s_{};
};

/// An approximately standard-normal number as fixed point Q16 (value * 65536), from the sum
/// of 12 uniform draws minus 6 (Irwin-Hall), exact integer arithmetic.
std::int64_t normal_q16(actors::RandomStream& rng);
/// exp(x) for x in Q16 fixed point, result in Q16; saturates for x > 20.
std::uint64_t exp_q16(std::int64_t x_q16);
/// An exponentially distributed duration with the given mean (Poisson inter-arrival times):
/// -mean * ln(U), with ln computed in fixed point.
std::uint64_t exponential_ms(actors::RandomStream& rng, std::uint64_t mean_ms);

}  // namespace icn::sim
