#pragma once
// Loading a scenario file (Protobuf text format, schema protocol/proto/scenario.proto).
// Syntax errors come back as "FILE:LINE:COL: message", semantic ones as
// "FILE: field.path: reason" (docs/simulator.md, "Writing a scenario").
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "proto/scenario.pb.h"

namespace icn::sim {

namespace v1 = icnmesh::v1;

/// The default simulated epoch: 2026-01-01T00:00:00Z.
inline constexpr std::uint64_t kDefaultStartUnixMs = 1767225600000ULL;

using ScenarioResult = tl::expected<v1::Scenario, std::vector<std::string>>;

/// Parses and checks `text` (the contents of `file`); every error found, never an empty list.
ScenarioResult parse_scenario(std::string_view file, std::string_view text);

/// Semantic problems of a parsed scenario, each "FILE: field.path: reason".
std::vector<std::string> check_scenario(std::string_view file, const v1::Scenario& s);

/// Reads the file, then parse_scenario; a missing file is one error "FILE: cannot read".
ScenarioResult load_scenario(const std::string& path);

/// The text-format rendering of a scenario (embedded in trace headers).
std::string scenario_text(const v1::Scenario& s);

}  // namespace icn::sim
