#pragma once
// "wasm-aot": translates the metered module to C with wasm2c (libwabt's C writer, in
// process), compiles it with the system C compiler into a shared object, loads it and calls
// it. Compiled objects are cached on disk by metered-module hash. Fuel, traps and results are
// identical to the interpreter's (same metered module, same host functions).
#include <memory>
#include <mutex>
#include <string>

#include "runtime/runtime.hpp"

namespace icn::runtime::wasm {

struct AotOptions {
  std::string cache_dir;  // empty: $ICNMESH_AOT_CACHE, $XDG_CACHE_HOME/icnmesh/aot, ~/.cache/...
  std::string compiler;   // empty: $CC, else "cc"
  /// Catch out-of-bounds accesses with guard pages and a chained SIGSEGV handler (fast), or
  /// with explicit bounds checks in the generated code. Default: guard pages, except in
  /// AddressSanitizer builds, where signal-based recovery is avoided.
#if defined(__SANITIZE_ADDRESS__)
  bool guard_pages = false;
#else
  bool guard_pages = true;
#endif
};

/// The cache directory the options resolve to.
std::string resolve_aot_cache_dir(const AotOptions& options);

class WasmAotRuntime : public Runtime {
 public:
  explicit WasmAotRuntime(AotOptions options);
  ~WasmAotRuntime() override;
  std::string name() const override { return "wasm-aot"; }
  v1::RuntimeKind kind() const override { return v1::RUNTIME_WASM; }
  RunResult run(const RunRequest& request) override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// The AOT engine, or nullptr when no working C compiler is found (checked by compiling a
/// tiny program once).
std::unique_ptr<Runtime> make_aot_runtime(AotOptions options = {});

}  // namespace icn::runtime::wasm
