#pragma once
// Where a job is in its life (docs/lifecycle.md has the state diagram) and how it ended.
#include <cstdint>
#include <string_view>

namespace icn::lifecycle {

/// Numeric values are persisted in v1::JobRecord (job_record.hpp): append, never reorder.
enum class Phase : std::uint8_t {
  none,        // no Submit seen yet (a default JobState)
  submitted,   // spec accepted, waiting for the submitter's escrow lock
  bidding,     // announced; bids arrive until the bid deadline (or an early close)
  assigned,    // an executor was chosen and told
  executing,   // the executor said it started
  receipted,   // receipt recorded, validation requested, no validator answered yet
  validating,  // validators are committing / revealing
  decided,     // validation decided; waiting for the dispute window to end
  disputed,    // a dispute is open; waiting for the arbiter's verdict
  settled,     // terminal: see Outcome and Resolution
};

/// The terminal outcome of a settled job (numeric values persisted: append, never reorder).
enum class Outcome : std::uint8_t {
  none,       // not settled yet
  completed,  // the executor's result stands and it is paid
  failed,     // no accepted result (wrong, no-show, failed execution, inconclusive)
  expired,    // never got an executor in time
  cancelled,  // withdrawn by the submitter before assignment
};

/// Why a job settled the way it did (finer than Outcome; used in traces and reports).
/// The numeric values are persisted in v1::JobRecord (job_record.hpp): append, never reorder.
enum class Resolution : std::uint8_t {
  none,
  escrow_failed,            // failed: the submitter's escrow could not be locked
  no_bids,                  // expired: the bid window closed without a usable bid
  not_assigned,             // expired: no assignment before the execution deadline
  cancelled,                // cancelled by the submitter
  no_show,                  // failed: no receipt by the execution deadline
  execution_failed,         // failed: the receipt of a failed run (trap, limit, timeout, error)
                            // was upheld; nobody is paid for the run and nobody is slashed
  validated,                // completed: validators accepted the receipt
  rejected_by_validators,   // failed: validators rejected the receipt
  inconclusive,             // failed: validation reached no decision (refund, no slash)
  arbitrated_correct,       // completed: an arbiter upheld the receipt
  arbitrated_wrong,         // failed: an arbiter found the receipt wrong
  arbitrated_inconclusive,  // failed: an arbiter could not decide (refund, no slash)
};

/// Lower-case names used in traces and reports ("bidding", "completed", "no_show", ...).
std::string_view to_string(Phase phase);
std::string_view to_string(Outcome outcome);
std::string_view to_string(Resolution resolution);

}  // namespace icn::lifecycle
