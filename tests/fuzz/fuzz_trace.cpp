// libFuzzer harness: a recorded simulator trace as `icnmesh replay` reads it (sim/trace.hpp):
// the header, the scenario it embeds, and the comparison of event lines.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "sim/scenario.hpp"
#include "sim/trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::string error;
  auto header = icn::sim::read_trace_header(in, error);
  if (!header) return 0;
  (void)icn::sim::parse_scenario("fuzz.trace (embedded scenario)", header->scenario_text);
  // A run's first lines, compared with whatever the recording holds.
  icn::sim::Trace trace;
  trace.compare_with(&in, header->lines);
  for (int i = 0; i < 16 && !trace.divergence(); ++i)
    trace.line(std::to_string(i) + " " + std::to_string(i + 1) + " ledger client-0 submit job");
  trace.finish();
  return 0;
}
