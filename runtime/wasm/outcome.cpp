#include "runtime/wasm/outcome.hpp"

#include <algorithm>

#include "protocol/core/content_id.hpp"
#include "runtime/limits.hpp"

namespace icn::runtime::wasm {

const char* trap_text(TrapKind kind) {
  switch (kind) {
    case TrapKind::kNone:
      return "no trap";
    case TrapKind::kOutOfBounds:
      return "out of bounds memory access";
    case TrapKind::kUnreachable:
      return "unreachable executed";
    case TrapKind::kStackExhausted:
      return "call stack exhausted";
    case TrapKind::kDivByZero:
      return "integer divide by zero";
    case TrapKind::kIntOverflow:
      return "integer overflow";
    case TrapKind::kInvalidConversion:
      return "invalid conversion to integer";
    case TrapKind::kIndirectCall:
      return "invalid indirect call";
    case TrapKind::kOther:
      return "trap";
  }
  return "trap";
}

std::uint64_t cap_pages(std::uint64_t memory_bytes) {
  // 65535, not 65536: wasm2c keeps the memory size in a u32 of bytes.
  return std::min<std::uint64_t>(memory_bytes / kPageBytes, 65535);
}

RunResult finish_run(const Observed& observed, HostState& host, const Limits& limits,
                     const std::string& engine) {
  RunResult result;
  result.engine = engine;
  const bool out_of_fuel =
      observed.fuel_left == kOutOfFuelSentinel || host.fault == HostFault::kOutOfFuel;
  const std::uint64_t fuel_used =
      out_of_fuel ? limits.max_fuel
                  : limits.max_fuel - std::min(observed.fuel_left, limits.max_fuel);
  if (observed.timed_out) {
    result.status = v1::EXEC_TIMEOUT;
    result.reason = "wall-clock limit of " + std::to_string(limits.wall_time_ms) + " ms exceeded";
  } else if (host.fault == HostFault::kOutputLimit) {
    result.status = v1::EXEC_LIMIT_EXCEEDED;
    result.reason = "output limit: the job wrote more than " +
                    std::to_string(limits.max_output_bytes) + " bytes";
  } else if (out_of_fuel) {
    result.status = v1::EXEC_LIMIT_EXCEEDED;
    result.reason = "out of fuel: used all " + std::to_string(limits.max_fuel) + " units";
  } else if (observed.trapped && observed.grow_failed) {
    result.status = v1::EXEC_LIMIT_EXCEEDED;
    result.reason = "memory cap: memory.grow failed at " + std::to_string(observed.memory_pages) +
                    " pages (limit " + std::to_string(cap_pages(limits.memory_bytes)) +
                    " pages = " + std::to_string(limits.memory_bytes) +
                    " bytes), then the job trapped: " + trap_text(observed.trap);
  } else if (host.fault == HostFault::kOutOfBounds) {
    result.status = v1::EXEC_TRAP;
    result.reason = "trap: out of bounds memory access (pointer passed to a host function)";
  } else if (observed.trapped) {
    result.status = v1::EXEC_TRAP;
    result.reason = std::string("trap: ") + trap_text(observed.trap);
  } else if (observed.return_value != 0) {
    result.status = v1::EXEC_TRAP;
    result.reason = "job exited with status " + std::to_string(observed.return_value);
  } else {
    result.status = v1::EXEC_OK;
  }
  result.exit_code = observed.return_value;
  result.output = std::move(host.output);
  result.output_hash = content_id(result.output);
  result.metering.set_fuel(fuel_used);
  result.metering.set_wall_ms(observed.wall_ms);
  result.metering.set_cpu_ms(observed.cpu_ms);
  result.metering.set_peak_memory_bytes(observed.memory_pages * kPageBytes);
  result.metering.set_output_bytes(result.output.size());
  return result;
}

RunResult error_result(const std::string& reason, const std::string& engine) {
  RunResult result;
  result.status = v1::EXEC_ERROR;
  result.reason = reason;
  result.engine = engine;
  result.output_hash = content_id(Bytes{});
  return result;
}

RunResult memory_cap_at_start(std::uint64_t initial_pages, const Limits& limits,
                              const std::string& engine) {
  RunResult result = error_result("", engine);
  result.status = v1::EXEC_LIMIT_EXCEEDED;
  result.reason = "memory cap: the module needs " + std::to_string(initial_pages) +
                  " pages at start (limit " + std::to_string(cap_pages(limits.memory_bytes)) +
                  " pages = " + std::to_string(limits.memory_bytes) + " bytes)";
  return result;
}

tl::expected<RunStart, RunResult> start_run(const RunRequest& request, const std::string& engine) {
  RunStart start;
  start.limits = with_defaults(request.limits);
  const std::string entry =
      request.spec.runtime().entrypoint().empty() ? "run" : request.spec.runtime().entrypoint();
  auto prepared = prepare_module(request.code, entry);
  if (!prepared)
    return tl::unexpected(error_result("module invalid: " + prepared.error().message, engine));
  start.module = *prepared;
  start.cap_pages = cap_pages(start.limits.memory_bytes);
  if (start.module->has_memory && start.module->initial_pages > start.cap_pages)
    return tl::unexpected(memory_cap_at_start(start.module->initial_pages, start.limits, engine));
  return start;
}

}  // namespace icn::runtime::wasm
