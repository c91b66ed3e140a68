#include "runtime/wasm/host_abi.hpp"

#include <algorithm>
#include <cstring>

namespace icn::runtime::wasm {
namespace {

/// Takes the fuel for copying `bytes`; on shortage marks the module out of fuel.
bool charge_copy(HostState& state, std::uint64_t* fuel, std::uint64_t bytes) {
  const std::uint64_t cost = (bytes + kHostBytesPerFuel - 1) / kHostBytesPerFuel;
  if (*fuel < cost) {
    *fuel = kOutOfFuelSentinel;
    state.fault = HostFault::kOutOfFuel;
    return false;
  }
  *fuel -= cost;
  return true;
}

bool in_bounds(GuestMemory memory, std::uint64_t ptr, std::uint64_t len) {
  return ptr <= memory.size && len <= memory.size - ptr;
}

}  // namespace

std::uint32_t host_input_len(const HostState& state) {
  return static_cast<std::uint32_t>(state.input.size);
}

std::uint32_t host_read_input(HostState& state, GuestMemory memory, std::uint64_t* fuel,
                              std::uint32_t dst, std::uint32_t offset, std::uint32_t len) {
  std::uint64_t n = 0;
  if (offset < state.input.size) n = std::min<std::uint64_t>(len, state.input.size - offset);
  if (!in_bounds(memory, dst, n)) {
    state.fault = HostFault::kOutOfBounds;
    return 0;
  }
  if (!charge_copy(state, fuel, n)) return 0;
  if (n > 0) std::memcpy(memory.data + dst, state.input.data + offset, n);
  return static_cast<std::uint32_t>(n);
}

bool host_write_output(HostState& state, GuestMemory memory, std::uint64_t* fuel, std::uint32_t src,
                       std::uint32_t len) {
  if (!in_bounds(memory, src, len)) {
    state.fault = HostFault::kOutOfBounds;
    return false;
  }
  if (len > state.max_output_bytes -
                std::min<std::uint64_t>(state.output.size(), state.max_output_bytes)) {
    state.fault = HostFault::kOutputLimit;
    return false;
  }
  if (!charge_copy(state, fuel, len)) return false;
  state.output.insert(state.output.end(), memory.data + src, memory.data + src + len);
  return true;
}

}  // namespace icn::runtime::wasm
