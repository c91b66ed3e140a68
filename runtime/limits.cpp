#include "runtime/limits.hpp"

#include <algorithm>

namespace icn::runtime {

Limits with_defaults(Limits limits) {
  if (limits.max_fuel == 0) limits.max_fuel = kDefaultMaxFuel;
  limits.max_fuel = std::min(limits.max_fuel, kMaxFuel);
  if (limits.memory_bytes == 0) limits.memory_bytes = kDefaultMemoryBytes;
  if (limits.max_output_bytes == 0) limits.max_output_bytes = kDefaultMaxOutputBytes;
  if (limits.wall_time_ms == 0) limits.wall_time_ms = kDefaultWallTimeMs;
  if (limits.cpu_time_ms == 0) limits.cpu_time_ms = limits.wall_time_ms;
  return limits;
}

Limits limits_from_spec(const v1::JobSpec& spec) {
  const v1::Resources& r = spec.resources();
  Limits limits;
  limits.max_fuel = r.max_fuel();
  limits.memory_bytes = r.memory_bytes();
  limits.wall_time_ms = r.max_wall_time_ms();
  limits.max_output_bytes = r.max_output_bytes();
  limits.cpu_millicores = r.cpu_millicores();
  limits.network = r.network() == v1::NETWORK_ALLOWLIST;
  return with_defaults(limits);
}

}  // namespace icn::runtime
