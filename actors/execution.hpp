#pragma once
// Execution as a world service (World::execute): what a role asks to run and what comes back.
// The simulator answers from a model or by really running the job (per scenario); the node
// runs it with the runtimes on a worker thread. Either way the result arrives later as a
// message, so a role never blocks on a job.
#include <cstdint>
#include <string>

#include "proto/common.pb.h"
#include "proto/execution.pb.h"
#include "proto/job.pb.h"

namespace icn::actors {

namespace v1 = icnmesh::v1;

/// Run the job `job_id` described by `spec` (the world fetches code and inputs by hash and
/// refuses a mismatch).
struct ExecutionOrder {
  std::string job_id;
  v1::JobSpec spec;
};

/// What a run produced, in the terms of an ExecutionReceipt.
struct ExecutionResult {
  v1::ExecStatus status = v1::EXEC_ERROR;
  std::string detail;  // why, on anything but EXEC_OK
  std::string code_hash, input_hash, output_hash;
  std::string output;  // the output bytes
  v1::Metering metering;
  std::string engine;  // which engine (or model) ran it
};

}  // namespace icn::actors
