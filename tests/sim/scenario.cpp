// Scenario loading: positioned syntax errors, semantic errors with field paths, shipped files.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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

namespace {

// A shipped scenario with `from` replaced by `to` (once, at its first occurrence).
std::string scenario_with(const std::string& name, const std::string& from, const std::string& to) {
  const auto path = std::filesystem::path(ICNMESH_SOURCE_DIR) / "scenarios" / name;
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string quickstart_with(const std::string& from, const std::string& to) {
  return scenario_with("quickstart.pbtxt", from, to);
}

bool has_error(const icn::sim::ScenarioResult& r, const std::string& line) {
  if (r) return false;
  for (const auto& e : r.error())
    if (e == line) return true;
  std::string all;
  for (const auto& e : r.error()) all += e + "\n";
  INFO(all);
  return false;
}

}  // namespace

// Issue 17, second crash: a dispute window of INT64_MAX ms reached std::chrono as a timer
// delay and overflowed (UBSan: signed integer overflow converting ms to ns).
TEST_CASE("a dispute window beyond 10 years is refused when the scenario is read") {
  auto r = parse_scenario("q.pbtxt", quickstart_with("dispute_window_ms: 5000",
                                                     "dispute_window_ms: 9223372036854775807"));
  CHECK(has_error(r,
                  "q.pbtxt: workload.templates[0].spec.validation.dispute_window_ms: "
                  "9223372036854775807 is above the maximum 315360000000 (10 years in ms)"));
  CHECK(parse_scenario("q.pbtxt", quickstart_with("dispute_window_ms: 5000",
                                                  "dispute_window_ms: 315360000000"))
            .has_value());
}

// Issue 17, third crash: jitter_ms = 2^64 - 1 made the network ask RandomStream::uniform for
// a random number below jitter_ms + 1 = 0 (division by zero in actors/world.cpp).
TEST_CASE("a latency class that cannot be sampled is refused when the scenario is read") {
  auto r = parse_scenario("q.pbtxt",
                          quickstart_with("jitter_ms: 20", "jitter_ms: 18446744073709551615"));
  CHECK(has_error(r,
                  "q.pbtxt: network.classes[0].jitter_ms: 18446744073709551615 is above the "
                  "maximum 3600000 (1 hour)"));
  // The lognormal tail counts too: 1 hour of jitter times exp(6 * 4) is far beyond an hour.
  r = parse_scenario("q.pbtxt",
                     quickstart_with("jitter_ms: 20", "jitter_ms: 3600000 lognormal_sigma: 4"));
  CHECK(has_error(r,
                  "q.pbtxt: network.classes[0]: the slowest delay it can produce, base_ms + "
                  "jitter_ms * exp(6 * lognormal_sigma), must be at most 3600000 ms"));
}

TEST_CASE("hostile numbers elsewhere in a scenario are refused with their field path") {
  CHECK(has_error(parse_scenario("q.pbtxt", quickstart_with("rate_per_s: 0.5", "rate_per_s: nan")),
                  "q.pbtxt: workload.arrival.rate_per_s: must be a finite number (got nan)"));
  CHECK(has_error(
      parse_scenario("q.pbtxt", quickstart_with("rate_per_s: 0.5", "rate_per_s: 1e-300")),
      "q.pbtxt: workload.arrival.rate_per_s: must be in [1e-06, 1000] arrivals per second"));
  CHECK(has_error(parse_scenario("q.pbtxt", quickstart_with("count: 23", "count: 99999")),
                  "q.pbtxt: population: 100011 nodes in all, at most 100000"));
  CHECK(has_error(
      parse_scenario("q.pbtxt", quickstart_with("count: 23", "count: 23 speed_percent: 1")),
      "q.pbtxt: population[1].speed_percent: must be 0 (nominal) or at least 10"));
  CHECK(has_error(
      parse_scenario("q.pbtxt", quickstart_with("retry_ms: 1000",
                                                "retry_ms: 1000 }\nfaults { start_ms: 1 end_ms: "
                                                "2 crash { nodes: \"exec-99999999999999999999\" "
                                                "}")),
      "q.pbtxt: faults[0].crash.nodes[0]: no node or group named "
      "'exec-99999999999999999999'"));
}

TEST_CASE("a scenario nested too deep or too large is refused before it is parsed") {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "network {";
  auto r = parse_scenario("deep.pbtxt", deep);
  REQUIRE_FALSE(r);
  CHECK(r.error() == std::vector<std::string>{"deep.pbtxt:1:297: nested more than 32 levels "
                                              "deep; a scenario may nest at most 32"});
  r = parse_scenario("big.pbtxt", std::string(icn::sim::kMaxScenarioBytes + 1, ' '));
  REQUIRE_FALSE(r);
  CHECK(r.error()[0] == "big.pbtxt:1:1: larger than the 16777216 bytes a scenario may have");
}

TEST_CASE("a real run that could outlast 10 years of simulated time is refused") {
  // The spin template's max_fuel, at the default 100,000 instructions per simulated ms.
  auto r = parse_scenario("r.pbtxt", scenario_with("real-execution.pbtxt", "max_fuel: 1000000\n",
                                                   "max_fuel: 4611686018427387904\n"));
  CHECK(has_error(r,
                  "r.pbtxt: workload.templates[4].spec.resources.max_fuel: with "
                  "execution.fuel_per_ms 100000 a real run may last 46116860184273 ms of "
                  "simulated time, at most 315360000000"));
  CHECK(has_error(
      parse_scenario("r.pbtxt", scenario_with("real-execution.pbtxt", "fuel_per_ms: 100000",
                                              "fuel_per_ms: 1000000000001")),
      "r.pbtxt: execution.fuel_per_ms: 1000000000001 is above the maximum "
      "1000000000000 (10^12 instructions per ms)"));
}
