#include "actors/world.hpp"

namespace icn::actors {

std::uint64_t RandomStream::uniform(std::uint64_t bound) {
  // Lemire's nearly-divisionless method would also do; rejection keeps it obviously unbiased.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    std::uint64_t x = next_u64();
    if (x < limit) return x % bound;
  }
}

double RandomStream::unit() {
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

}  // namespace icn::actors
