#pragma once
// Who decides a dispute: a deterministic choice among the arbiters that anyone can recompute
// from the job id, never one of the job's parties (docs/economics.md, "Announce sample and
// arbiter choice").
#include <optional>
#include <string>
#include <vector>

namespace icn::validation {

/// The arbiter of a job's dispute: among the distinct arbiters not in `exclude` (the
/// submitter, the executor and the validators), the one ranked first by
/// SHA-256("icnmesh/arbiter-choice/v1" ‖ len ‖ job_id ‖ len ‖ did) (ties by DID); nullopt
/// when none is left. The job id is public before any dispute, so the choice cannot be
/// steered after the fact (a submitter grinding its nonce could aim at one arbiter: a known
/// limit, see docs/economics.md).
std::optional<std::string> choose_arbiter(const std::string& job_id,
                                          const std::vector<std::string>& arbiters,
                                          const std::vector<std::string>& exclude);

}  // namespace icn::validation
