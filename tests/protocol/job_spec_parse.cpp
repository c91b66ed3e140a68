// Parsing job spec files (protocol/job/spec_parse.hpp): text format and JSON, every error
// with its exact line and column.
#include <doctest/doctest.h>

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>
#include <string>

#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_parse.hpp"
#include "protocol/job/spec_validate.hpp"

namespace {

using namespace icn;

std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(ICNMESH_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<Diagnostic> errors_of(const SpecParseResult& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

}  // namespace

TEST_CASE("format detection: .json extension or a leading brace") {
  CHECK(detect_spec_format("a.json", "version: 1") == SpecFormat::kJson);
  CHECK(detect_spec_format("a.pbtxt", "  \n {\"version\": 1}") == SpecFormat::kJson);
  CHECK(detect_spec_format("a.pbtxt", "# comment\nversion: 1") == SpecFormat::kText);
  CHECK(detect_spec_format("a.txt", "") == SpecFormat::kText);
}

TEST_CASE("text format: a valid spec parses, comments allowed") {
  auto r = parse_spec("a.pbtxt", "# hi\nversion: 1  # trailing\nname: \"x\"\nnonce: 7\n");
  REQUIRE(r.has_value());
  CHECK(r->version() == 1);
  CHECK(r->name() == "x");
  CHECK(r->nonce() == 7);
}

TEST_CASE("text format: diagnostics are FILE:LINE:COL: message, 1-based") {
  auto errors = errors_of(parse_spec("jobs/a.pbtxt", "version: 1\nbogus: 2\n"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 2);
  CHECK(errors[0].col == 1);
  CHECK(format_diagnostic(errors[0]) ==
        "jobs/a.pbtxt:2:1: Message type \"icnmesh.v1.JobSpec\" has no field named \"bogus\".");
}

TEST_CASE("text format: every error is reported, each at its token") {
  const std::string text =
      "version: 1\n"                      // 1
      "resources {\n"                     // 2
      "  memory_byte: 5\n"                // 3: unknown field at col 3
      "}\n"                               // 4
      "nonce: -3\n"                       // 5: '-' at col 8
      "runtime { kind: RUNTIME_WSAM }\n"  // 6: bad enum value at col 17
      "name: \"unterminated\n"            // 7: string opened at col 7
      "payment { max_price: 10 }\n";      // 8: fine
  auto errors = errors_of(parse_spec("s.pbtxt", text));
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].line == 3);
  CHECK(errors[0].col == 3);
  CHECK(errors[1].line == 5);
  CHECK(errors[1].col == 8);
  CHECK(errors[1].message.find("Expected integer") != std::string::npos);
  CHECK(errors[2].line == 6);
  CHECK(errors[2].col == 17);
  CHECK(errors[2].message.find("RUNTIME_WSAM") != std::string::npos);
  CHECK(errors[3].line == 7);
  CHECK(errors[3].col == 7);
}

TEST_CASE("text format: duplicate field and missing brace") {
  auto dup = errors_of(parse_spec("d.pbtxt", "name: \"a\"\nname: \"b\"\n"));
  REQUIRE(dup.size() == 1);
  CHECK(dup[0].line == 2);
  CHECK(dup[0].col == 1);
  CHECK(dup[0].message.find("specified multiple times") != std::string::npos);
  auto open = errors_of(parse_spec("o.pbtxt", "resources {\n  memory_bytes: 5\n"));
  REQUIRE(open.size() == 1);
  CHECK(open[0].line == 3);
  CHECK(open[0].message.find("end of file") != std::string::npos);
}

TEST_CASE("JSON: a syntax error is positioned at its token") {
  const std::string text = "{\n  \"version\": 1\n  \"name\": \"x\"\n}\n";
  auto errors = errors_of(parse_spec("s.json", text));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 3);
  CHECK(errors[0].col == 3);
  CHECK(format_diagnostic(errors[0]).rfind("s.json:3:3: JSON syntax error", 0) == 0);

  auto literal = errors_of(parse_spec("l.json", "{\"version\": tru}"));
  CHECK(literal[0].line == 1);
  CHECK(literal[0].col == 13);
  auto empty = errors_of(parse_spec("e.json", ""));
  CHECK(empty[0].line == 1);
  CHECK(empty[0].col == 1);
}

TEST_CASE("JSON: every field error is reported at its key") {
  const std::string text =
      "{\n"
      "  \"version\": 1,\n"
      "  \"resources\": {\n"
      "    \"memoryBytez\": \"1024\",\n"  // 4:5 unknown field
      "    \"cpuMillicores\": -5\n"       // 5:5 negative unsigned
      "  },\n"
      "  \"runtime\": {\"kind\": \"RUNTIME_WSAM\"},\n"  // 7:15 bad enum
      "  \"nonce\": \"twelve\",\n"                      // 8:3 not an integer
      "  \"inputs\": [{\"name\": 3}]\n"                 // 9:15 name must be a string
      "}\n";
  auto errors = errors_of(parse_spec("f.json", text));
  REQUIRE(errors.size() == 5);
  CHECK(errors[0].line == 4);
  CHECK(errors[0].col == 5);
  CHECK(errors[0].message.find("memoryBytez") != std::string::npos);
  CHECK(errors[1].line == 5);
  CHECK(errors[1].col == 5);
  CHECK(errors[2].line == 7);
  CHECK(errors[2].col == 15);
  CHECK(errors[3].line == 8);
  CHECK(errors[3].col == 3);
  CHECK(errors[4].line == 9);
  CHECK(errors[4].col == 15);
}

TEST_CASE("JSON: proto field names and lowerCamel names, numbers as strings, null") {
  auto r = parse_spec("a.json",
                      R"({"version": 1, "max_price": null, "payment": {"max_price": "7"},
                          "resources": {"memoryBytes": 1048576}, "nonce": "18446744073709551615"})");
  // "max_price" is not a JobSpec field even when null.
  REQUIRE_FALSE(r.has_value());
  r = parse_spec("a.json", R"({"version": 1, "payment": {"max_price": "7"},
                             "resources": {"memoryBytes": 1048576, "gpus": null},
                             "nonce": "18446744073709551615"})");
  REQUIRE(r.has_value());
  CHECK(r->payment().max_price() == 7);
  CHECK(r->resources().memory_bytes() == 1048576);
  CHECK(r->nonce() == 18446744073709551615ull);
  auto overflow = errors_of(parse_spec("o.json", R"({"version": 4294967296})"));
  CHECK(overflow[0].message.find("out of range") != std::string::npos);
}

TEST_CASE("text and JSON of the same spec give the same job id") {
  auto text = parse_spec("scenarios/jobs/example-wasm.pbtxt",
                         read_source_file("scenarios/jobs/example-wasm.pbtxt"));
  REQUIRE(text.has_value());
  auto json = parse_spec("scenarios/jobs/example-wasm.json",
                         read_source_file("scenarios/jobs/example-wasm.json"));
  REQUIRE(json.has_value());
  CHECK(job_id(*text) == job_id(*json));
  // And a JSON rendering of any parsed spec reads back to the same id.
  std::string rendered;
  REQUIRE(google::protobuf::util::MessageToJsonString(*text, &rendered).ok());
  auto again = parse_spec("r.json", rendered);
  REQUIRE(again.has_value());
  CHECK(job_id(*again) == job_id(*text));
  CHECK(validate_spec(*json, 1767225600000).empty());
}

TEST_CASE("malformed input never crashes and always gets a positioned error") {
  std::string deep(20000, '[');
  auto nested = parse_spec("deep.json", "{\"inputs\": " + deep + std::string(20000, ']') + "}");
  REQUIRE_FALSE(nested.has_value());
  CHECK(!nested.error().empty());

  for (const char* path :
       {"scenarios/jobs/example-wasm.pbtxt", "scenarios/jobs/example-wasm.json"}) {
    const std::string original = read_source_file(path);
    int rejected = 0;
    // Deterministic mutations: truncations and single-character replacements.
    for (std::size_t i = 0; i < original.size(); i += 7) {
      for (int variant = 0; variant < 3; ++variant) {
        std::string text = original;
        if (variant == 0) text.resize(i);
        if (variant == 1) text[i] = '{';
        if (variant == 2) text[i] = '"';
        auto r = parse_spec(path, text);
        if (r) continue;
        ++rejected;
        REQUIRE_FALSE(r.error().empty());
        for (const auto& d : r.error()) {
          CHECK(d.line >= 1);
          CHECK(d.col >= 1);
          CHECK(!d.message.empty());
        }
      }
    }
    CHECK(rejected > 100);
  }
}

TEST_CASE("byte order mark ignored, tabs count as one column, duplicate JSON keys rejected") {
  CHECK(parse_spec("b.pbtxt", "\xEF\xBB\xBFversion: 1\n").has_value());
  auto bom_json = errors_of(parse_spec("b.json", "\xEF\xBB\xBF{\"bogus\": 1}"));
  CHECK(bom_json[0].col == 2);
  auto tab = errors_of(parse_spec("t.pbtxt", "version: 1\n\tnonce:\t-3\n"));
  REQUIRE(tab.size() == 1);
  CHECK(tab[0].line == 2);
  CHECK(tab[0].col == 9);
  auto dup = errors_of(parse_spec("d.json", "{\"version\": 1,\n \"version\": 2}"));
  REQUIRE(dup.size() == 1);
  CHECK(format_diagnostic(dup[0]) == "d.json:2:2: key \"version\" appears more than once");
}

// Issue 17, first crash: `x {x {...}}` 100,000 levels deep overflowed the stack in protobuf's
// skipping of unknown fields (SIGSEGV in job validate and exec).
TEST_CASE("a text spec nested 100,000 levels deep is refused at the level that is too deep") {
  const int levels = 100000;
  std::string deep;
  for (int i = 0; i < levels; ++i) deep += "x {";
  deep += std::string(levels, '}');
  auto errors = errors_of(parse_spec("deep.pbtxt", deep));
  REQUIRE(errors.size() == 1);
  CHECK(format_diagnostic(errors[0]) ==
        "deep.pbtxt:1:99: nested more than 32 levels deep; a job spec may nest at most 32");
  // Known fields nest the same way (protobuf's recursion limit would stop them too).
  std::string known;
  for (int i = 0; i < levels; ++i) known += "runtime <";
  CHECK(errors_of(parse_spec("known.pbtxt", known))[0].message.find("nested more than") == 0);
}

TEST_CASE("braces in strings and comments do not count as nesting") {
  const std::string braces(100, '{');
  auto r = parse_spec("s.pbtxt", "name: \"" + braces + "\" # " + braces + "\nversion: 1\n");
  REQUIRE(r.has_value());
  CHECK(r->name() == braces);
  CHECK(parse_spec("s.json", "{\"name\": \"" + braces + "\\\"\"}").has_value());
}

TEST_CASE("a spec larger than kMaxJobSpecBytes is refused before it is parsed") {
  const std::string huge = "name: \"" + std::string(kMaxJobSpecBytes, 'a') + "\"\n";
  auto errors = errors_of(parse_spec("big.pbtxt", huge));
  REQUIRE(errors.size() == 1);
  CHECK(format_diagnostic(errors[0]) ==
        "big.pbtxt:1:1: larger than the 16777216 bytes a job spec may have");
  CHECK(errors_of(parse_spec("big.json", "{\"name\": \"" + huge + "\"}"))[0].line == 1);
}

TEST_CASE("JSON numbers beyond a double are an input error, not an exception") {
  auto errors = errors_of(parse_spec("n.json", "{\"accuracy\": {\"epsilon\": 1e999}}"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.rfind("JSON", 0) == 0);
}
