#pragma once
// "wasm-interp": runs metered job modules in wabt's interpreter. Always available; slow
// (about 150M instructions/s) but needs no compiler. Fuel comes from the metering pass;
// the interpreter's own instruction budget (Thread::Run in chunks) is a second safety net
// and is where the wall-clock limit is checked.
#include <memory>

#include "runtime/runtime.hpp"

namespace icn::runtime::wasm {

class WasmInterpRuntime : public Runtime {
 public:
  std::string name() const override { return "wasm-interp"; }
  v1::RuntimeKind kind() const override { return v1::RUNTIME_WASM; }
  RunResult run(const RunRequest& request) override;
};

/// Call-stack depth at which both WASM engines trap with "call stack exhausted". It is the
/// wabt 1.0.32 interpreter's fixed frame capacity (64 KiB / 40-byte frames, host calls
/// included); the AOT engine counts the same frames to the same limit. The test
/// "hostile modules are stopped with the right reason" (recurse) catches any drift.
inline constexpr unsigned kMaxCallDepth = 64 * 1024 / 40;

std::unique_ptr<Runtime> make_interp_runtime();

}  // namespace icn::runtime::wasm
