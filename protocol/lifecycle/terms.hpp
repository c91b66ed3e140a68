#pragma once
// The essentials of a job spec that the lifecycle needs, with every deadline turned into an
// absolute instant at submission so that later checks are plain comparisons.
#include <cstdint>
#include <string>

#include "proto/job.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"

namespace icn::lifecycle {

namespace v1 = icnmesh::v1;

/// Windows the spec does not carry. 0 means "as long as the spec's execution_deadline_ms":
/// validators and arbiters re-execute, so they get the time the executor got.
struct LifecycleParams {
  DurationMs validation_window_ms = 0;   // from the execution deadline to the validation deadline
  DurationMs arbitration_window_ms = 0;  // from the dispute window end to the arbitration deadline
};

/// A deadline is "on time" for an action at now < deadline and "passed" at now >= deadline,
/// so a timer set for exactly the deadline fires it.
struct JobTerms {
  std::string job_id;
  std::string submitter;  // DID
  UnixMs submitted_at = 0;

  std::uint64_t max_price = 0;             // spec.payment.max_price
  std::uint64_t validator_fee_budget = 0;  // spec.payment.validator_fee_budget
  std::uint64_t dispute_reserve = 0;       // spec.payment.dispute_reserve

  std::uint32_t validators_k = 0;  // spec.validation.validators (0: no validation)
  std::uint32_t quorum = 0;        // spec.validation.quorum

  UnixMs bid_deadline = 0;          // submitted_at + bid_window_ms
  UnixMs execution_deadline = 0;    // submitted_at + execution_deadline_ms
  UnixMs validation_deadline = 0;   // execution_deadline + validation window
  UnixMs dispute_window_end = 0;    // validation_deadline + dispute_window_ms
  UnixMs arbitration_deadline = 0;  // dispute_window_end + arbitration window

  bool operator==(const JobTerms& other) const;
  bool operator!=(const JobTerms& other) const { return !(*this == other); }
};

/// Derives the terms of `spec` submitted at `submitted_at`. Errors (code "bad_spec"): empty
/// submitter or job id, zero execution deadline, a bid window not shorter than the execution
/// deadline, quorum > validators, or a deadline that overflows.
Expected<JobTerms> terms_from_spec(const v1::JobSpec& spec, std::string job_id, UnixMs submitted_at,
                                   const LifecycleParams& params = {});

/// The last instant at which anything can still happen to the job: once a Tick at or after
/// it is applied the job is settled, whatever else arrived.
inline UnixMs final_deadline(const JobTerms& terms) {
  return terms.arbitration_deadline;
}

}  // namespace icn::lifecycle
