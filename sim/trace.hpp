#pragma once
// The canonical event log of a run (docs/simulator.md, "Trace format"). Every line is hashed
// into trace_hash; with a file it is also written, after a header that embeds the scenario
// text and the seed, so the trace alone reproduces the run. In compare mode (replay) each
// produced line is checked against the next line of a recorded trace instead.
#include <cstdint>
#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <string>

#include "protocol/crypto/sha256.hpp"

namespace icn::sim {

inline constexpr const char* kTraceMagic = "# icnmesh-sim-trace v1";
/// Longest line a recorded trace may have: event lines are about 100 bytes, header lines
/// quote the scenario, which is at most 16 MiB in all (sim/scenario.hpp).
inline constexpr std::size_t kMaxTraceLineBytes = 16u << 20;
/// Most bytes of scenario text a trace header may embed (= kMaxScenarioBytes).
inline constexpr std::size_t kMaxTraceScenarioBytes = 16u << 20;

struct Divergence {
  std::uint64_t line = 0;  // 1-based line number in the trace file
  std::string expected;    // "" when the recorded trace ended first
  std::string actual;      // "" when the run ended first
};

class Trace {
 public:
  /// Writes the header to `path` (throws std::runtime_error when it cannot be opened).
  void open_file(const std::string& path, std::uint64_t seed, const std::string& scenario_name,
                 const std::string& scenario_text);
  /// Compare mode: `recorded` is positioned after the header; `header_lines` were read.
  void compare_with(std::istream* recorded, std::uint64_t header_lines);
  void line(const std::string& text);
  /// Ends the run: writes the footer; in compare mode checks the recording has no more lines.
  void finish();
  std::string hash_hex();
  std::uint64_t lines() const { return lines_; }
  const std::optional<Divergence>& divergence() const { return divergence_; }

  /// The header text written before the event lines.
  static std::string header(std::uint64_t seed, const std::string& scenario_name,
                            const std::string& scenario_text);

 private:
  Sha256 hasher_;
  std::optional<std::string> hash_;
  std::uint64_t lines_ = 0;
  std::unique_ptr<std::ofstream> out_;
  std::istream* recorded_ = nullptr;
  std::uint64_t recorded_line_ = 0;
  std::optional<Divergence> divergence_;
};

/// A recorded trace's header: the seed and the scenario text, plus how many lines it took.
struct TraceHeader {
  std::uint64_t seed = 0;
  std::string scenario_name;
  std::string scenario_text;
  std::uint64_t lines = 0;
};
/// Reads the header from `in`; error message "LINE:COL: reason" on a malformed header. Lines
/// longer than kMaxTraceLineBytes and scenarios larger than kMaxTraceScenarioBytes are refused
/// without being read whole.
std::optional<TraceHeader> read_trace_header(std::istream& in, std::string& error);

}  // namespace icn::sim
