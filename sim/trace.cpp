#include "sim/trace.hpp"

#include <sstream>
#include <stdexcept>

#include "protocol/core/bytes.hpp"

namespace icn::sim {

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
    if (!std::getline(*recorded_, expected) || expected.rfind("# end", 0) == 0) {
      divergence_ = Divergence{recorded_line_, "", text};
    } else if (expected != text) {
      divergence_ = Divergence{recorded_line_, expected, text};
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
    if (std::getline(*recorded_, expected) && expected.rfind("# end", 0) != 0) {
      divergence_ = Divergence{recorded_line_ + 1, expected, ""};
    }
  }
}

std::optional<TraceHeader> read_trace_header(std::istream& in, std::string& error) {
  TraceHeader h;
  std::string l;
  auto next = [&]() -> bool {
    if (!std::getline(in, l)) return false;
    ++h.lines;
    return true;
  };
  if (!next() || l != kTraceMagic) {
    error = "1:1: not an icnmesh simulator trace (expected '" + std::string(kTraceMagic) + "')";
    return std::nullopt;
  }
  auto field = [&](const std::string& key, std::string& value) -> bool {
    const std::string prefix = "# " + key + ": ";
    if (!next() || l.rfind(prefix, 0) != 0) {
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
  try {
    std::size_t used = 0;
    h.seed = std::stoull(seed, &used);
    if (used != seed.size()) throw std::invalid_argument("seed");
  } catch (const std::exception&) {
    error = "2:9: seed is not an unsigned integer";
    return std::nullopt;
  }
  std::uint64_t n = 0;
  try {
    n = std::stoull(count);
  } catch (const std::exception&) {
    error = "4:19: scenario-lines is not an unsigned integer";
    return std::nullopt;
  }
  std::ostringstream text;
  for (std::uint64_t i = 0; i < n; ++i) {
    if (!next() || l.rfind("#| ", 0) != 0) {
      error = std::to_string(h.lines) + ":1: expected a scenario line '#| ...'";
      return std::nullopt;
    }
    text << l.substr(3) << "\n";
  }
  if (!next() || l != "# events:") {
    error = std::to_string(h.lines) + ":1: expected '# events:'";
    return std::nullopt;
  }
  h.scenario_text = text.str();
  return h;
}

}  // namespace icn::sim
