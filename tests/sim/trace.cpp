// Reading a recorded trace (sim/trace.hpp): the header, and the bounds that keep a hostile
// trace from being read whole.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "sim/trace.hpp"

using icn::sim::read_trace_header;

namespace {

std::string header_error(const std::string& text) {
  std::istringstream in(text);
  std::string error;
  auto h = read_trace_header(in, error);
  CHECK_FALSE(h.has_value());
  return error;
}

}  // namespace

TEST_CASE("a header written by Trace reads back") {
  const std::string text = icn::sim::Trace::header(7, "demo", "name: \"demo\"\nseed: 7\n");
  std::istringstream in(text + "0 1 a b c d\n");
  std::string error;
  auto h = read_trace_header(in, error);
  REQUIRE(h.has_value());
  CHECK(h->seed == 7);
  CHECK(h->scenario_name == "demo");
  CHECK(h->scenario_text == "name: \"demo\"\nseed: 7\n");
  CHECK(h->lines == 7);
}

TEST_CASE("malformed headers name the line") {
  CHECK(header_error("") == "1:1: not an icnmesh simulator trace (expected '" +
                                std::string(icn::sim::kTraceMagic) + "')");
  const std::string magic = std::string(icn::sim::kTraceMagic) + "\n";
  CHECK(header_error(magic + "# seed: -1\n# scenario: x\n# scenario-lines: 0\n# events:\n") ==
        "2:9: seed is not an unsigned integer");
  CHECK(header_error(magic + "# seed: 1\n# scenario: x\n") ==
        "4:1: expected '# scenario-lines: ...'");
  CHECK(header_error(magic + "# seed: 1\n# scenario: x\n# scenario-lines: 2\n#| a\n") ==
        "6:1: expected a scenario line '#| ...'");
}

TEST_CASE("hostile sizes are refused without reading them") {
  const std::string start = std::string(icn::sim::kTraceMagic) + "\n# seed: 1\n# scenario: x\n";
  CHECK(header_error(start + "# scenario-lines: 18446744073709551615\n") ==
        "4:19: scenario-lines is not an unsigned integer up to 16777216");
  CHECK(header_error(start + "# scenario-lines: 99999999999999999999999\n").rfind("4:19:", 0) == 0);
  const std::string long_line(icn::sim::kMaxTraceLineBytes + 1, 'x');
  CHECK(header_error(start + "# scenario-lines: 1\n#| " + long_line + "\n") ==
        "5:1: line longer than 16777216 bytes");
}

TEST_CASE("a recorded line longer than the limit is a divergence, not a giant read") {
  std::istringstream recorded(std::string(icn::sim::kMaxTraceLineBytes + 10, 'y') + "\n");
  icn::sim::Trace trace;
  trace.compare_with(&recorded, 0);
  trace.line("0 1 a b c d");
  REQUIRE(trace.divergence().has_value());
  CHECK(trace.divergence()->line == 1);
  CHECK(trace.divergence()->expected == "<a line longer than 16777216 bytes>");
}
