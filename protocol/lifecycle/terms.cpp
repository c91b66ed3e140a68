#include "protocol/lifecycle/terms.hpp"

#include <limits>

namespace icn::lifecycle {

namespace {

/// a + b, or false when it does not fit in 64 bits.
bool checked_add(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
  if (a > std::numeric_limits<std::uint64_t>::max() - b) return false;
  out = a + b;
  return true;
}

}  // namespace

bool JobTerms::operator==(const JobTerms& o) const {
  return job_id == o.job_id && submitter == o.submitter && submitted_at == o.submitted_at &&
         max_price == o.max_price && validator_fee_budget == o.validator_fee_budget &&
         dispute_reserve == o.dispute_reserve && validators_k == o.validators_k &&
         quorum == o.quorum && bid_deadline == o.bid_deadline &&
         execution_deadline == o.execution_deadline &&
         validation_deadline == o.validation_deadline &&
         dispute_window_end == o.dispute_window_end &&
         arbitration_deadline == o.arbitration_deadline;
}

Expected<JobTerms> terms_from_spec(const v1::JobSpec& spec, std::string job_id, UnixMs submitted_at,
                                   const LifecycleParams& params) {
  if (job_id.empty()) return fail("bad_spec", "job id is empty");
  if (spec.submitter().empty()) return fail("bad_spec", "spec.submitter is empty");
  const auto& deadlines = spec.deadlines();
  const auto& validation = spec.validation();
  if (deadlines.execution_deadline_ms() == 0) {
    return fail("bad_spec", "spec.deadlines.execution_deadline_ms is 0");
  }
  if (deadlines.bid_window_ms() == 0) return fail("bad_spec", "spec.deadlines.bid_window_ms is 0");
  if (deadlines.bid_window_ms() >= deadlines.execution_deadline_ms()) {
    return fail("bad_spec",
                "spec.deadlines.bid_window_ms must be shorter than execution_deadline_ms");
  }
  if (validation.validators() > 0 && validation.quorum() > validation.validators()) {
    return fail("bad_spec", "spec.validation.quorum exceeds spec.validation.validators");
  }

  JobTerms t;
  t.job_id = std::move(job_id);
  t.submitter = spec.submitter();
  t.submitted_at = submitted_at;
  t.max_price = spec.payment().max_price();
  t.validator_fee_budget = spec.payment().validator_fee_budget();
  t.dispute_reserve = spec.payment().dispute_reserve();
  t.validators_k = validation.validators();
  t.quorum = validation.quorum();

  const DurationMs validation_window = params.validation_window_ms != 0
                                           ? params.validation_window_ms
                                           : deadlines.execution_deadline_ms();
  const DurationMs arbitration_window = params.arbitration_window_ms != 0
                                            ? params.arbitration_window_ms
                                            : deadlines.execution_deadline_ms();
  const bool fits =
      checked_add(submitted_at, deadlines.bid_window_ms(), t.bid_deadline) &&
      checked_add(submitted_at, deadlines.execution_deadline_ms(), t.execution_deadline) &&
      checked_add(t.execution_deadline, validation_window, t.validation_deadline) &&
      checked_add(t.validation_deadline, validation.dispute_window_ms(), t.dispute_window_end) &&
      checked_add(t.dispute_window_end, arbitration_window, t.arbitration_deadline);
  if (!fits) return fail("bad_spec", "a deadline overflows 64-bit milliseconds");
  return t;
}

}  // namespace icn::lifecycle
