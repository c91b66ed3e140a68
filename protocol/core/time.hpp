#pragma once
// Protocol time: milliseconds as plain integers, always passed in by the caller.
// protocol/ never reads a clock; the world (sim or node) supplies `now`.
#include <cstdint>

namespace icn {

/// Absolute time in milliseconds since the world's epoch (Unix epoch on a node; the
/// scenario's start instant in the simulator, which is also expressed in Unix milliseconds).
using UnixMs = std::uint64_t;
/// A duration in milliseconds.
using DurationMs = std::uint64_t;

}  // namespace icn
