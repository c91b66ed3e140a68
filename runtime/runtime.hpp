#pragma once
// One interface for every execution engine (WASM interpreter, WASM AOT, Docker, namespace
// sandbox, native). A node probes which engines it has at start-up and advertises their
// RuntimeKinds in its bids. docs/runtimes.md describes the host ABI and the isolation of each.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "proto/common.pb.h"
#include "proto/execution.pb.h"
#include "proto/job.pb.h"
#include "protocol/core/bytes.hpp"

namespace icn::runtime {

namespace v1 = icnmesh::v1;

/// Limits a run must stay within; derived from the job's Resources (limits_from_spec).
struct Limits {
  std::uint64_t max_fuel = 0;          // WASM instructions (0: engine default)
  std::uint64_t memory_bytes = 0;      // 0: engine default
  std::uint64_t wall_time_ms = 0;      // 0: engine default
  std::uint64_t cpu_time_ms = 0;       // 0: same as wall time
  std::uint64_t max_output_bytes = 0;  // 0: engine default
  std::uint32_t max_pids = 64;
  std::uint32_t cpu_millicores = 0;    // 0: unthrottled
  bool network = false;                // only NETWORK_ALLOWLIST jobs may ask; no sandbox grants it yet
};

/// Everything a run needs, already fetched and hash-checked by the caller.
struct RunRequest {
  v1::JobSpec spec;
  Bytes code;                 // wasm module or native executable (empty for containers)
  Bytes input;                // the job's inputs concatenated in spec order
  Limits limits;
};

/// What happened. `status` maps 1:1 onto ExecutionReceipt.status.
struct RunResult {
  v1::ExecStatus status = v1::EXEC_ERROR;
  std::string reason;         // set on trap, limit, timeout or error: says what and where
  int exit_code = 0;          // process exit code (containers, native) or the wasm return value
  Bytes output;
  std::string output_hash;    // content id of `output`
  v1::Metering metering;
  std::string engine;         // which engine ran it ("wasm-interp", "wasm-aot", "docker", ...)
};

class Runtime {
 public:
  virtual ~Runtime() = default;
  /// Engine name, e.g. "wasm-interp".
  virtual std::string name() const = 0;
  /// The job runtime kind this engine serves.
  virtual v1::RuntimeKind kind() const = 0;
  /// Runs one job to completion or to a limit. Never throws for job faults: those are results.
  virtual RunResult run(const RunRequest& request) = 0;
};

}  // namespace icn::runtime
