// libFuzzer harness: a job spec file in JSON (protocol/job/spec_parse.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/job/spec_parse.hpp"
#include "tests/fuzz/fuzz_spec_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto spec = icn::parse_spec_json("fuzz.json", text);
  if (spec) icn::fuzz::check_parsed_spec(*spec);
  return 0;
}
