#pragma once
// The job lifecycle as ONE pure state machine: step(state, event, now) -> new state + effects,
// or a rejection with a stable reason code. No I/O, no clock, no randomness; the caller feeds
// events (messages, ledger answers, timers as Tick) and carries out the effects.
// Replays are harmless: a duplicate event returns an accepted no-op, and no effect id is ever
// emitted twice for a job. Rules and diagram: docs/lifecycle.md.
#include <optional>
#include <vector>

#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"
#include "protocol/lifecycle/effects.hpp"
#include "protocol/lifecycle/events.hpp"
#include "protocol/lifecycle/job_state.hpp"
#include "protocol/lifecycle/phase.hpp"
#include "protocol/lifecycle/terms.hpp"

namespace icn::lifecycle {

/// Rejection codes (Error::code), stable for callers and tests.
namespace reject {
inline constexpr const char* illegal_transition = "illegal_transition";  // event not valid in phase
inline constexpr const char* duplicate = "duplicate";  // conflicting second Submit
inline constexpr const char* wrong_job = "wrong_job";  // message names another job id
inline constexpr const char* too_late = "too_late";    // its deadline has passed
inline constexpr const char* not_assigned_executor = "not_assigned_executor";
inline constexpr const char* not_assigned_validator = "not_assigned_validator";
inline constexpr const char* not_submitter = "not_submitter";    // cancel by someone else
inline constexpr const char* not_a_party = "not_a_party";        // dispute by an outsider
inline constexpr const char* no_such_bid = "no_such_bid";        // assign without a bid
inline constexpr const char* bid_expired = "bid_expired";        // assign on a stale bid
inline constexpr const char* price_mismatch = "price_mismatch";  // assign price != bid price
inline constexpr const char* bad_bid = "bad_bid";          // no executor, or the submitter bids
inline constexpr const char* bad_receipt = "bad_receipt";  // unspecified status
inline constexpr const char* over_budget = "over_budget";  // bid price > max_price
inline constexpr const char* bad_validators = "bad_validators";        // wrong count/dupes/conflict
inline constexpr const char* bad_vote = "bad_vote";                    // unspecified vote
inline constexpr const char* inconsistent_vote = "inconsistent_vote";  // accept, other hash
inline constexpr const char* equivocation = "equivocation";  // second, different receipt/vote
inline constexpr const char* already_disputed = "already_disputed";
inline constexpr const char* bad_verdict = "bad_verdict";  // unspecified outcome
}  // namespace reject

/// The result of one step. Accepted: `state` is the new state (possibly unchanged: a no-op)
/// and `effects` are new, never emitted before. Rejected: `rejection` says why; `state` is the
/// old state except that an equivocation is recorded, in which case `effects` holds its
/// ReportEquivocation (once per offender).
struct Transition {
  JobState state;
  std::vector<Effect> effects;
  std::optional<Error> rejection;

  bool accepted() const { return !rejection.has_value(); }
};

/// Applies `event` at time `now` to `state`. Total: never throws or asserts on any input
/// (any state from_record accepts, any event). A terminal (settled) state never changes.
/// `state` is taken by value so that a caller can move its state in and take the new one
/// out of the Transition without copying the bids and votes: `s = step(std::move(s), e,
/// now).state`.
Transition step(JobState state, const Event& event, UnixMs now);

/// The earliest instant at which a Tick would change `state` (the caller sets a timer for
/// it); nullopt when no deadline is pending (no job yet, or settled).
std::optional<UnixMs> next_deadline(const JobState& state);

}  // namespace icn::lifecycle
