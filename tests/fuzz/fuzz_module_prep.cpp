// libFuzzer harness: WASM module preparation (runtime/wasm/module_prep.hpp): decode, validate,
// check against the job ABI and limits, add fuel metering. Both engines run its output.
#include <cstddef>
#include <cstdint>

#include "runtime/wasm/module_prep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)icn::runtime::wasm::prepare_module_uncached(icn::ByteView(data, size), "run");
  return 0;
}
