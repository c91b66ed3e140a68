#pragma once
// Loading a scenario file (Protobuf text format, schema protocol/proto/scenario.proto).
// Syntax errors come back as "FILE:LINE:COL: message", semantic ones as
// "FILE: field.path: reason" (docs/simulator.md, "Writing a scenario" and "Limits"). The
// text goes through the bounded front end (protocol/wire/text_input.hpp) and every field is
// checked against its declared limit, so a run never computes with an out-of-range value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "proto/scenario.pb.h"
#include "protocol/wire/text_input.hpp"

namespace icn::sim {

namespace v1 = icnmesh::v1;

/// The default simulated epoch: 2026-01-01T00:00:00Z.
inline constexpr std::uint64_t kDefaultStartUnixMs = 1767225600000ULL;

/// Largest scenario file (the same room as a job spec: templates may carry inline code).
inline constexpr std::size_t kMaxScenarioBytes = 16u << 20;
inline constexpr TextBounds kScenarioBounds{"scenario", kMaxScenarioBytes};
/// Most nodes in one run, all groups together: each is an actor with its own state.
inline constexpr std::uint64_t kMaxPopulation = 100000;
/// Slowest one-way delay a latency class may produce, lognormal tail included.
inline constexpr std::uint64_t kMaxLatencyMs = 3600000;
/// Slowest execution speed in percent (0 means 100): a node's run takes at most 10 times its
/// modelled or fuel-derived duration.
inline constexpr std::uint32_t kMinSpeedPercent = 10;
/// Longest simulated duration of one real WASM run (max_fuel / execution.fuel_per_ms): 10 years,
/// like every other window.
inline constexpr std::uint64_t kMaxRealRunMs = 315360000000ULL;
/// Range of POISSON arrival rates per submitter: a mean gap between 1 ms and about 11.6 days.
inline constexpr double kMinArrivalRatePerS = 1e-6;
inline constexpr double kMaxArrivalRatePerS = 1e3;

using ScenarioResult = tl::expected<v1::Scenario, std::vector<std::string>>;

/// Parses and checks `text` (the contents of `file`); every error found, never an empty list.
ScenarioResult parse_scenario(std::string_view file, std::string_view text);

/// Semantic problems of a parsed scenario, each "FILE: field.path: reason".
std::vector<std::string> check_scenario(std::string_view file, const v1::Scenario& s);

/// Reads the file, then parse_scenario; a missing file is one error "FILE: cannot read", a
/// file larger than kMaxScenarioBytes is refused before it is read whole.
ScenarioResult load_scenario(const std::string& path);

/// The text-format rendering of a scenario (embedded in trace headers).
std::string scenario_text(const v1::Scenario& s);

}  // namespace icn::sim
