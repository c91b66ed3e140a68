#pragma once
// Presenting a run: the human summary and the JSON summary (schema: docs/simulator.md).
#include <string>

#include "sim/simulation.hpp"

namespace icn::sim {

/// The multi-line human summary; failures are named one per line ("FAILED: ...").
std::string summary_text(const RunResult& r, bool quiet);
/// The JSON summary document.
std::string summary_json(const RunResult& r);

}  // namespace icn::sim
