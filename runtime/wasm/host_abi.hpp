#pragma once
// The host side of the WASM job ABI (module "env"), shared by both engines so they behave
// identically: input_len, read_input, write_output. Host calls are billed in fuel by the
// bytes they copy, so a job cannot do unmetered work through the host.
// docs/runtimes.md, "Host ABI".
#include <cstdint>
#include <string>

#include "protocol/core/bytes.hpp"

namespace icn::runtime::wasm {

inline constexpr const char* kImportModule = "env";
/// Fuel charged per started 16 bytes a host call copies (on top of the call instruction).
inline constexpr std::uint64_t kHostBytesPerFuel = 16;
/// Fuel value a module holds after it ran out: impossible otherwise (budgets are < 2^62).
inline constexpr std::uint64_t kOutOfFuelSentinel = ~std::uint64_t{0};

/// Why a host call stopped the job (kNone: it did not).
enum class HostFault { kNone, kOutOfBounds, kOutOfFuel, kOutputLimit };

/// The per-run state the host functions work on.
struct HostState {
  ByteView input;
  Bytes output;
  std::uint64_t max_output_bytes = 0;
  HostFault fault = HostFault::kNone;
};

/// The guest's linear memory as the host sees it during one call.
struct GuestMemory {
  std::uint8_t* data = nullptr;
  std::uint64_t size = 0;
};

std::uint32_t host_input_len(const HostState& state);
/// Copies up to `len` input bytes from `offset` to guest `dst`; returns the bytes copied, or
/// sets state.fault (and the fuel sentinel when out of fuel) and returns 0.
std::uint32_t host_read_input(HostState& state, GuestMemory memory, std::uint64_t* fuel,
                              std::uint32_t dst, std::uint32_t offset, std::uint32_t len);
/// Appends guest bytes [src, src+len) to the output; false (state.fault set) when it faults.
bool host_write_output(HostState& state, GuestMemory memory, std::uint64_t* fuel, std::uint32_t src,
                       std::uint32_t len);

}  // namespace icn::runtime::wasm
