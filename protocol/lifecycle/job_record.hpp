#pragma once
// A job's lifecycle state as a persistable Protobuf message (proto/job_record.proto), for the
// node's storage and the simulator's state-reading invariant checkers. Bad bytes never crash:
// from_record checks everything the job machine relies on, so step() stays total on any state
// it returns (tests/fuzz/fuzz_job_record.cpp).
#include "proto/job_record.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/lifecycle/job_state.hpp"

namespace icn::lifecycle {

/// The record of `state`: every field, sets and maps in sorted order, votes in reveal order.
v1::JobRecord to_record(const JobState& state);

/// The state a record holds; from_record(to_record(s)) == s for every state the machine
/// reaches. Error "bad_record", naming the field, for: an enum value out of range; a settled
/// phase without an outcome and resolution (or the reverse); a phase missing what it needs
/// (an assignment from `assigned` on, a receipt from `receipted` on, a dispute in `disputed`);
/// a receipt without an assignment, votes without a receipt, a verdict without a dispute; a
/// repeated or empty DID or effect id; a bid for another job; a vote or commit by a DID that
/// is not an assigned validator, or a vote neither accept nor reject; a decision that
/// disagrees with `decided`.
Expected<JobState> from_record(const v1::JobRecord& record);

}  // namespace icn::lifecycle
