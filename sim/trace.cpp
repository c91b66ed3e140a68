#include "sim/trace.hpp"

#include <charconv>
#include <sstream>
#include <stdexcept>

#include "protocol/core/bytes.hpp"

namespace icn::sim {

namespace {

enum class LineRead { kLine, kEnd, kTooLong };

// One line of at most kMaxTraceLineBytes bytes (without its '\n'), read in chunks so that a
// longer one is never held whole.
LineRead read_line(std::istream& in, std::string& line) {
  line.clear();
  char chunk[4096];
  for (;;) {
    in.getline(chunk, sizeof chunk);
    auto got = static_cast<std::size_t>(in.gcount());
    if (in.eof()) {  // the last line, without '\n'
      line.append(chunk, got);
      if (line.size() > kMaxTraceLineBytes) return LineRead::kTooLong;
      return line.empty() ? LineRead::kEnd : LineRead::kLine;
    }
    if (in.fail()) {  // the chunk filled up before the '\n'
      if (in.bad() || got == 0) return LineRead::kEnd;
      in.clear();
      line.append(chunk, got);
      if (line.size() > kMaxTraceLineBytes) return LineRead::kTooLong;
      continue;
    }
    line.append(chunk, got - 1);  // gcount counted the '\n'
    return line.size() > kMaxTraceLineBytes ? LineRead::kTooLong : LineRead::kLine;
  }
}

// What stands in for a recorded line in a divergence report.
std::string recorded_text(LineRead r, const std::string& line) {
  if (r == LineRead::kTooLong)
    return "<a line longer than " + std::to_string(kMaxTraceLineBytes) + " bytes>";
  return line;
}

// A decimal u64 with nothing else around it.
bool parse_u64(const std::string& text, std::uint64_t& value) {
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(text.data(), last, value);
  return !text.empty() && ec == std::errc() && end == last;
}

}  // namespace

std::string Trace::header(std::uint64_t seed, const std::string& scenario_name,
                          const std::string& scenario_text) {
  std::ostringstream h;
  h << kTraceMagic << "\n# seed: " << seed << "\n# scenario: " << scenario_name << "\n";
  std::istringstream text(scenario_text);
  std::string l;
  std::uint64_t n = 0;
  std::ostringstream body;
  while (std::getline(text, l)) {
    body << "#| " << l << "\n";
    ++n;
  }
  h << "# scenario-lines: " << n << "\n" << body.str() << "# events:\n";
  return h.str();
}

void Trace::open_file(const std::string& path, std::uint64_t seed, const std::string& scenario_name,
                      const std::string& scenario_text) {
  out_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*out_) throw std::runtime_error("cannot write trace file " + path);
  *out_ << header(seed, scenario_name, scenario_text);
}

void Trace::compare_with(std::istream* recorded, std::uint64_t header_lines) {
  recorded_ = recorded;
  recorded_line_ = header_lines;
}

void Trace::line(const std::string& text) {
  ++lines_;
  hasher_.update(std::string_view(text));
  hasher_.update(std::string_view("\n"));
  if (out_) *out_ << text << '\n';
  if (recorded_ && !divergence_) {
    std::string expected;
    ++recorded_line_;
    const LineRead r = read_line(*recorded_, expected);
    if (r == LineRead::kEnd || (r == LineRead::kLine && expected.rfind("# end", 0) == 0)) {
      divergence_ = Divergence{recorded_line_, "", text};
    } else if (r == LineRead::kTooLong || expected != text) {
      divergence_ = Divergence{recorded_line_, recorded_text(r, expected), text};
    }
  }
}

std::string Trace::hash_hex() {
  if (!hash_) {
    const Digest d = hasher_.finish();
    hash_ = hex_encode(ByteView(d.data(), d.size()));
  }
  return *hash_;
}

void Trace::finish() {
  const std::string h = hash_hex();
  if (out_) {
    *out_ << "# end: events " << lines_ << " trace_hash " << h << "\n";
    out_->flush();
  }
  if (recorded_ && !divergence_) {
    std::string expected;
    const LineRead r = read_line(*recorded_, expected);
    if (r == LineRead::kTooLong || (r == LineRead::kLine && expected.rfind("# end", 0) != 0)) {
      divergence_ = Divergence{recorded_line_ + 1, recorded_text(r, expected), ""};
    }
  }
}

std::optional<TraceHeader> read_trace_header(std::istream& in, std::string& error) {
  TraceHeader h;
  std::string l;
  auto next = [&]() -> bool {
    const LineRead r = read_line(in, l);
    if (r == LineRead::kEnd) return false;
    ++h.lines;
    if (r == LineRead::kTooLong) {
      error = std::to_string(h.lines) + ":1: line longer than " +
              std::to_string(kMaxTraceLineBytes) + " bytes";
      return false;
    }
    return true;
  };
  auto expected = [&](const std::string& what) {
    if (error.empty()) error = std::to_string(h.lines + 1) + ":1: expected " + what;
  };
  if (!next() || l != kTraceMagic) {
    if (error.empty())
      error = "1:1: not an icnmesh simulator trace (expected '" + std::string(kTraceMagic) + "')";
    return std::nullopt;
  }
  auto field = [&](const std::string& key, std::string& value) -> bool {
    const std::string prefix = "# " + key + ": ";
    if (!next()) {
      expected("'" + prefix + "...'");
      return false;
    }
    if (l.rfind(prefix, 0) != 0) {
      error = std::to_string(h.lines) + ":1: expected '" + prefix + "...'";
      return false;
    }
    value = l.substr(prefix.size());
    return true;
  };
  std::string seed, count;
  if (!field("seed", seed) || !field("scenario", h.scenario_name) ||
      !field("scenario-lines", count))
    return std::nullopt;
  if (!parse_u64(seed, h.seed)) {
    error = "2:9: seed is not an unsigned integer";
    return std::nullopt;
  }
  std::uint64_t n = 0;
  // Every scenario line takes at least its '\n', so more lines than bytes cannot be right.
  if (!parse_u64(count, n) || n > kMaxTraceScenarioBytes) {
    error = "4:19: scenario-lines is not an unsigned integer up to " +
            std::to_string(kMaxTraceScenarioBytes);
    return std::nullopt;
  }
  std::string text;
  for (std::uint64_t i = 0; i < n; ++i) {
    if (!next()) {
      expected("a scenario line '#| ...'");
      return std::nullopt;
    }
    if (l.rfind("#| ", 0) != 0) {
      error = std::to_string(h.lines) + ":1: expected a scenario line '#| ...'";
      return std::nullopt;
    }
    if (text.size() + l.size() - 2 > kMaxTraceScenarioBytes) {
      error = std::to_string(h.lines) + ":1: the embedded scenario is larger than " +
              std::to_string(kMaxTraceScenarioBytes) + " bytes";
      return std::nullopt;
    }
    text.append(l, 3, std::string::npos).push_back('\n');
  }
  if (!next() || l != "# events:") {
    if (error.empty()) error = std::to_string(h.lines) + ":1: expected '# events:'";
    return std::nullopt;
  }
  h.scenario_text = std::move(text);
  return h;
}

}  // namespace icn::sim
