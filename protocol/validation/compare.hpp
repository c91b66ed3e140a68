#pragma once
// What a validator votes: does its own re-execution agree with the receipt, and is the receipt
// about this job at all (docs/job-specs.md, "Output comparison").
#include <string>

#include "proto/execution.pb.h"
#include "proto/job.pb.h"
#include "protocol/core/error.hpp"

namespace icn::validation {

namespace v1 = icnmesh::v1;

/// What a re-execution produced, in the fields a receipt carries.
struct ExecutionView {
  v1::ExecStatus status = v1::EXEC_STATUS_UNSPECIFIED;
  std::string output_hash;
  std::string output;  // inline output bytes
};

/// The view of a receipt's result.
ExecutionView view_of(const v1::ExecutionReceipt& receipt);

/// A validator accepts a receipt when its own re-execution agrees with it: same status and,
/// for EXEC_OK, the same output: under ACCURACY_EXACT (or on a deterministic job) the same
/// output hash; under ACCURACY_TOLERANCE on a nondeterministic job both inline outputs are read
/// as little-endian IEEE-754 binary64 arrays of equal length (a multiple of 8 bytes) and every
/// |a-b| <= spec.accuracy.epsilon (NaN never agrees; equal infinities do; a negative or
/// non-finite epsilon agrees with nothing). A failed run (trap, limit, timeout, error) agrees
/// on its status alone: what a failed run leaves behind is not a result. A validator that
/// agrees votes VOTE_ACCEPT with the receipt's output_hash (the lifecycle refuses an accept
/// naming another hash), otherwise VOTE_REJECT with its own.
bool outputs_agree(const v1::JobSpec& spec, const ExecutionView& receipt,
                   const ExecutionView& mine);

/// The binary64 tolerance rule on its own: equal length, a multiple of 8 bytes, every pair
/// of values within epsilon (see outputs_agree).
bool within_tolerance(const std::string& a, const std::string& b, double epsilon);

/// Error codes of receipt_matches_job.
namespace receipt_mismatch {
inline constexpr const char* code = "code_mismatch";      // code_hash is not the spec's code
inline constexpr const char* input = "input_mismatch";    // input_hash is not input_digest(spec)
inline constexpr const char* output = "output_mismatch";  // inline output does not hash to it
}  // namespace receipt_mismatch

/// The receipt is about this job's code and inputs, and its inline output (if any) hashes to
/// its output_hash: code_hash == spec.runtime.code.hash (when the spec names code), input_hash
/// == input_digest(spec) (protocol/job/job_id.hpp), content_id(output) == output_hash when
/// output is not empty. The error says which, with both values.
Expected<void> receipt_matches_job(const v1::JobSpec& spec, const v1::ExecutionReceipt& receipt);

}  // namespace icn::validation
