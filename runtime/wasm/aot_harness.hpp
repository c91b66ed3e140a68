#pragma once
// The C side of the AOT engine: a small wasm-rt implementation and the entry glue compiled
// into every shared object next to the wasm2c output, plus the struct both sides share.
#include <cstdint>

namespace icn::runtime::wasm {

/// Bumped whenever the harness source or the compile flags change (part of the cache key).
inline constexpr int kAotHarnessVersion = 3;

/// Shared with the harness (same layout in C): inputs, callbacks and outputs of one run.
struct AotContext {
  std::uint64_t fuel = 0;          // in: budget; out: what the module has left
  std::uint32_t cap_pages = 0;     // in: memory cap
  std::int32_t return_value = 0;   // out
  std::uint32_t trap = 0;          // out: wasm_rt_trap_t, 100 = host fault, 101 = no memory
  std::uint32_t grow_failed = 0;   // out
  std::uint32_t memory_pages = 0;  // out
  std::uint32_t reserved = 0;
  void* host = nullptr;
  std::uint32_t (*input_len)(void* host) = nullptr;
  std::uint32_t (*read_input)(void* host, std::uint8_t* mem, std::uint64_t mem_size,
                              std::uint64_t* fuel, std::uint32_t dst, std::uint32_t offset,
                              std::uint32_t len, int* fault) = nullptr;
  int (*write_output)(void* host, std::uint8_t* mem, std::uint64_t mem_size, std::uint64_t* fuel,
                      std::uint32_t src, std::uint32_t len) = nullptr;
  // Guard-page mode: the harness reports its memory reservation and trap function so the
  // engine's SIGSEGV handler can turn a fault inside the reservation into a wasm trap.
  void* mem_base = nullptr;             // out
  std::uint64_t mem_reserved = 0;       // out
  void (*trap_fn)(int code) = nullptr;  // out
};

/// The harness C source; the engine prefixes it with ICN_HAS_MEMORY / ICN_HAS_ENV /
/// ICN_GUARD_PAGES defines.
const char* aot_harness_source();

}  // namespace icn::runtime::wasm
