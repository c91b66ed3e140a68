#include "actors/world.hpp"

#include <cassert>
#include <cstdint>

namespace icn::actors {

const char* to_string(Role role) {
  switch (role) {
    case Role::submitter:
      return "submitter";
    case Role::executor:
      return "executor";
    case Role::validator:
      return "validator";
    case Role::arbiter:
      return "arbiter";
    case Role::ledger:
      return "ledger";
  }
  return "unknown";
}

std::uint64_t RandomStream::uniform(std::uint64_t bound) {
  // An empty range is a caller's bug: input that could lead here (a scenario's jitter_ms,
  // interval_ms, weights) is range-checked when read (sim/scenario.cpp).
  assert(bound > 0 && "uniform() over an empty range");
  if (bound == 0) return 0;
  // Rejection keeps it obviously unbiased.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    std::uint64_t x = next_u64();
    if (x < limit) return x % bound;
  }
}

double RandomStream::unit() {
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

const std::string& Directory::ledger() const {
  static const std::string none;
  const auto& members = this->members(Role::ledger);
  return members.empty() ? none : members.front();
}

}  // namespace icn::actors
