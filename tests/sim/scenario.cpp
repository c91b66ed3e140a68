// Scenario loading: positioned syntax errors, semantic errors with field paths, shipped files.
#include <doctest/doctest.h>

#include <filesystem>

#include "sim/scenario.hpp"

using icn::sim::parse_scenario;

TEST_CASE("a syntax error names FILE:LINE:COL") {
  auto r = parse_scenario("bad.pbtxt", "name: \"x\"\nseed: 1\nduration_ms: nope\n");
  REQUIRE_FALSE(r);
  CHECK(r.error()[0].rfind("bad.pbtxt:3:", 0) == 0);
}

TEST_CASE("semantic errors name the field path") {
  auto r = parse_scenario(
      "s.pbtxt",
      "name: \"x\"\nduration_ms: 10\npopulation { name: \"a\" role: SIM_EXECUTOR count: 0 }\n");
  REQUIRE_FALSE(r);
  bool count = false, submitters = false;
  for (const auto& e : r.error()) {
    count |= e == "s.pbtxt: population[0].count: must be > 0";
    submitters |= e == "s.pbtxt: population: needs at least one submitter";
  }
  CHECK(count);
  CHECK(submitters);
}

TEST_CASE("every shipped scenario loads") {
  const std::filesystem::path dir = std::filesystem::path(ICNMESH_SOURCE_DIR) / "scenarios";
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".pbtxt") continue;
    auto r = icn::sim::load_scenario(entry.path().string());
    INFO(entry.path().string());
    CHECK(r.has_value());
    ++n;
  }
  CHECK(n >= 8);
  CHECK_FALSE(icn::sim::load_scenario((dir / "tests" / "malformed.pbtxt").string()).has_value());
}
