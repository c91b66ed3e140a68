#pragma once
// Everything that can happen to a job, as plain data. The caller (an actor) turns messages,
// ledger answers and timers into these and feeds them to lifecycle::step with the current time.
#include <string>
#include <variant>
#include <vector>

#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "protocol/lifecycle/terms.hpp"

namespace icn::lifecycle {

/// The submitter submits: creates the job (only valid on a default JobState).
struct Submit {
  JobTerms terms;
};
/// The ledger locked the submitter's escrow: the job may be announced.
struct EscrowLocked {};
/// The ledger refused the escrow (insufficient funds, ...): the job fails, nothing to refund.
struct EscrowFailed {
  std::string reason;
};
/// A bid arrived (signature already verified by the caller).
struct BidReceived {
  v1::Bid bid;
};
/// The caller closes bidding early (e.g. enough bids); the bid deadline closes it anyway.
struct BidWindowClosed {};
/// The caller's choice of executor (made by the market module) and sampled validators.
struct Assign {
  std::string executor;                 // DID; must have a still-valid bid
  std::uint64_t price = 0;              // must equal that bid's price
  std::vector<std::string> validators;  // exactly k distinct DIDs, none the executor/submitter
  /// Evidence of which signed bid was accepted: the envelope digest of the bid
  /// (v1::Assignment.bid_digest; the caller checked it against the bid envelope it holds).
  std::string bid_digest;
};
/// The assigned executor acknowledged and started.
struct ExecutionStarted {
  std::string executor;
};
/// An execution receipt arrived from `from`. The caller verified its signature and checks it
/// against the job (validation::receipt_matches_job) before building this event.
struct ReceiptReceived {
  std::string from;
  v1::ExecutionReceipt receipt;
};
/// A validator committed to a vote (commit phase); only used to find who committed but
/// never revealed (slashable "no_reveal").
struct VoteCommitted {
  std::string validator;
};
/// A validator revealed its vote (commitment already checked by the caller).
struct VoteReceived {
  std::string validator;
  v1::Vote vote = v1::VOTE_UNSPECIFIED;
  std::string output_hash;
};
/// A party (submitter, executor or an assigned validator) disputes the result.
struct DisputeOpened {
  std::string opener;
  v1::DisputeReason reason = v1::DISPUTE_REASON_UNSPECIFIED;
  std::string claimed_output_hash;
};
/// The arbiter decided an open dispute (fields copied from the signed v1::Verdict).
struct VerdictIssued {
  std::string arbiter;
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  std::string correct_output_hash;
  std::vector<std::string> faulty;  // DIDs found at fault; never the executor on RESULT_CORRECT
};
/// Someone asks to cancel the job (only the submitter, only before assignment).
struct Cancel {
  std::string by;
};
/// Time passed: applies every deadline that is due at `now`.
struct Tick {};

using Event = std::variant<Submit, EscrowLocked, EscrowFailed, BidReceived, BidWindowClosed, Assign,
                           ExecutionStarted, ReceiptReceived, VoteCommitted, VoteReceived,
                           DisputeOpened, VerdictIssued, Cancel, Tick>;

/// The event's name in traces and rejection messages ("bid_received", "tick", ...).
std::string_view event_name(const Event& event);

}  // namespace icn::lifecycle
