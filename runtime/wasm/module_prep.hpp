#pragma once
// Loading a job's WASM module: decode, validate, check it against the job ABI and the module
// limits, then add engine-independent fuel metering. The result (the "metered module") is what
// both engines run, so they count fuel identically. Results are cached by
// (module hash, entry point, pass version). docs/runtimes.md, "Fuel".
#include <cstdint>
#include <memory>
#include <string>

#include "protocol/core/bytes.hpp"
#include "protocol/core/error.hpp"

namespace icn::runtime::wasm {

/// Bumped whenever the instrumentation changes what fuel a module uses.
inline constexpr int kMeteringPassVersion = 2;

/// Export names the pass adds; a job module may not export names starting with "icn_".
inline constexpr const char* kFuelExport = "icn_fuel";
inline constexpr const char* kGrowFailedExport = "icn_grow_failed";
inline constexpr const char* kMemoryExport = "icn_memory";
inline constexpr const char* kEntryExport = "icn_entry";

/// Static limits on a module, checked before anything runs.
struct ModuleLimits {
  std::uint64_t max_module_bytes = 64ULL << 20;
  std::uint32_t max_functions = 100'000;
  std::uint32_t max_globals = 10'000;
  std::uint64_t max_table_elements = 100'000;
  std::uint32_t max_locals_per_function = 50'000;
};

/// A module that passed every check, with its fuel metering added.
struct PreparedModule {
  std::string code_hash;     // content id of the module as submitted
  std::string entrypoint;    // the export the job runs
  Bytes metered;             // the instrumented module both engines execute
  std::string metered_hash;  // content id of `metered`; keys the AOT compile cache
  bool has_memory = false;
  std::uint64_t initial_pages = 0;
  bool has_imports = false;  // the module imports at least one env function
};

/// Decodes, validates, checks and meters `code`. Errors (code "module_invalid") say what is
/// wrong, e.g. "imports unknown host function env.foo" or "entry point run not exported".
Expected<std::shared_ptr<const PreparedModule>> prepare_module(ByteView code,
                                                               const std::string& entrypoint,
                                                               const ModuleLimits& limits = {});

/// The same without the cache (tests and the cache itself use it).
Expected<std::shared_ptr<const PreparedModule>> prepare_module_uncached(
    ByteView code, const std::string& entrypoint, const ModuleLimits& limits = {});

}  // namespace icn::runtime::wasm
