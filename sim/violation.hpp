#pragma once
// An invariant violation as the run reports it.
#include <cstdint>
#include <string>

#include "protocol/core/time.hpp"

namespace icn::sim {

struct Violation {
  std::string invariant;
  std::string message;
  UnixMs at = 0;  // simulated time (Unix ms)
  std::uint64_t event_index = 0;
};

}  // namespace icn::sim
