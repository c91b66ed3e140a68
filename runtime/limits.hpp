#pragma once
// The limits a run gets, derived from the job's requested Resources, with engine defaults
// for what the job leaves at 0. docs/runtimes.md, "Limits and trap reasons".
#include <cstdint>

#include "proto/job.pb.h"
#include "runtime/runtime.hpp"

namespace icn::runtime {

/// Fuel when the job names none: about 30 s of the AOT engine, minutes in the interpreter.
inline constexpr std::uint64_t kDefaultMaxFuel = 10'000'000'000ULL;
/// Largest budget accepted: fuel is a signed-safe i64 inside the module.
inline constexpr std::uint64_t kMaxFuel = 1ULL << 62;
inline constexpr std::uint64_t kDefaultMemoryBytes = 256ULL << 20;
inline constexpr std::uint64_t kDefaultMaxOutputBytes = 16ULL << 20;
inline constexpr std::uint64_t kDefaultWallTimeMs = 600'000;

/// Limits for running `spec`: its Resources, with the defaults above for fields left at 0
/// and fuel clamped to kMaxFuel.
Limits limits_from_spec(const v1::JobSpec& spec);

/// Fills the 0 ("engine default") fields of `limits` with the defaults above.
Limits with_defaults(Limits limits);

}  // namespace icn::runtime
