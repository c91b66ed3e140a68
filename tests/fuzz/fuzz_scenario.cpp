// libFuzzer harness: a simulator scenario file (sim/scenario.hpp). A scenario that is
// accepted must also be accepted as printed into a trace header, or its trace could not be
// replayed; and its economics must be usable the way the simulator uses them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/economics/params.hpp"
#include "sim/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto scenario = icn::sim::parse_scenario("fuzz.pbtxt", text);
  if (!scenario) return 0;
  (void)icn::economics::validate_params(icn::economics::with_defaults(scenario->economics()));
  if (!icn::sim::parse_scenario("printed", icn::sim::scenario_text(*scenario))) std::abort();
  return 0;
}
