// libFuzzer harness: an economic parameter file in text format (protocol/economics/params.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/economics/params.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)icn::economics::parse_economic_params_text(text);
  return 0;
}
