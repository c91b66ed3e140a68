#pragma once
// What every job-spec harness does with a spec that parsed: everything the CLI computes from
// one (docs/job-specs.md). Any crash or sanitizer report here is a finding.
#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_summary.hpp"
#include "protocol/job/spec_validate.hpp"

namespace icn::fuzz {

/// 2026-01-01, the instant deadlines are checked against (fixed: runs must be reproducible).
inline constexpr UnixMs kFuzzNow = 1767225600000ULL;

inline void check_parsed_spec(const v1::JobSpec& spec) {
  const auto problems = validate_spec(spec, kFuzzNow);
  for (const auto& p : problems) (void)format_problem("fuzz", p);
  (void)job_id(spec);
  (void)input_digest(spec);
  (void)escrow_needed(spec.payment());
  if (problems.empty()) (void)spec_summary(spec);
}

}  // namespace icn::fuzz
