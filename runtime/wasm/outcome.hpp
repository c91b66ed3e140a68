#pragma once
// Turning what an engine observed into a RunResult, in one place, so that both WASM engines
// report the same status and the same reason text for the same event.
#include <cstdint>
#include <string>

#include <memory>
#include <tl/expected.hpp>

#include "runtime/runtime.hpp"
#include "runtime/wasm/host_abi.hpp"
#include "runtime/wasm/module_prep.hpp"

namespace icn::runtime::wasm {

inline constexpr std::uint64_t kPageBytes = 65536;

/// Engine-independent trap kinds (wabt interpreter messages and wasm2c trap codes map here).
enum class TrapKind {
  kNone,
  kOutOfBounds,
  kUnreachable,
  kStackExhausted,
  kDivByZero,
  kIntOverflow,
  kInvalidConversion,
  kIndirectCall,
  kOther,
};

/// The canonical text of a trap kind, e.g. "out of bounds memory access".
const char* trap_text(TrapKind kind);

/// What one engine saw when the entry point returned or stopped.
struct Observed {
  bool trapped = false;
  TrapKind trap = TrapKind::kNone;
  bool timed_out = false;
  std::int32_t return_value = 0;
  std::uint64_t fuel_left = 0;     // the module's fuel global at the end
  bool grow_failed = false;        // memory.grow returned -1 at least once
  std::uint64_t memory_pages = 0;  // linear memory size at the end (it never shrinks)
  std::uint64_t wall_ms = 0;
  std::uint64_t cpu_ms = 0;
};

/// The result of a run: status and reason by the precedence timeout > output limit >
/// out of fuel > memory cap > host fault > trap > non-zero exit, plus metering and output.
RunResult finish_run(const Observed& observed, HostState& host, const Limits& limits,
                     const std::string& engine);

/// Result for a run that never started (bad module, missing engine): EXEC_ERROR.
RunResult error_result(const std::string& reason, const std::string& engine);

/// Result for a module whose initial memory is above the cap: EXEC_LIMIT_EXCEEDED.
RunResult memory_cap_at_start(std::uint64_t initial_pages, const Limits& limits,
                              const std::string& engine);

/// The page cap a memory limit in bytes allows (floor, at most 65535 pages).
std::uint64_t cap_pages(std::uint64_t memory_bytes);

/// What a WASM run starts from, the same in both engines.
struct RunStart {
  Limits limits;                                 // the request's limits with defaults applied
  std::shared_ptr<const PreparedModule> module;  // validated and metered
  std::uint64_t cap_pages = 0;                   // the memory cap in pages
};

/// The shared prelude of both engines: apply default limits, prepare the module for the
/// entry point (default "run"), and refuse a module whose initial memory is above the cap.
/// The unexpected value is the finished result of a run that cannot start.
tl::expected<RunStart, RunResult> start_run(const RunRequest& request, const std::string& engine);

}  // namespace icn::runtime::wasm
