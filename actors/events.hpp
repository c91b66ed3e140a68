#pragma once
// Protocol events, typed: what the roles tell the world happened (World::emit). The simulator
// counts and traces them and the node logs them and turns them into metrics; no decision of
// any role ever depends on them, and the simulator's invariant checkers do not trust them
// either (they read the ledger's and the job machines' own state).
#include <cstdint>
#include <functional>
#include <string>
#include <variant>

#include "proto/envelope.pb.h"
#include "proto/execution.pb.h"
#include "proto/validation.pb.h"
#include "protocol/core/time.hpp"
#include "protocol/lifecycle/phase.hpp"

namespace icn::actors {

namespace v1 = icnmesh::v1;

namespace events {

/// A submitter made a new job.
struct JobCreated {
  std::string job_id;
};
/// The coordinator accepted a submission; the job must settle by final_deadline.
struct JobSubmitted {
  std::string job_id, submitter;
  UnixMs final_deadline = 0;
};
/// The coordinator refused a submission (invalid spec, bad terms).
struct SubmissionRefused {
  std::string job_id, reason;
};
struct EscrowLocked {
  std::string job_id;
  std::uint64_t amount = 0;
};
/// The ledger refused the escrow lock for good (a transient refusal is retried silently).
struct EscrowRefused {
  std::string job_id, code;
};
/// Bidding closed and the submitter found no acceptable bid.
struct NoWinner {
  std::string job_id;
  std::uint64_t bids = 0;
  std::string reason;  // e.g. "no bid qualified: 2 bond_does_not_deter"
};
struct Assigned {
  std::string job_id, executor;
};
struct AssignmentRefused {
  std::string job_id, reason;
};
/// An executor, validator or arbiter finished running a job (as the world's execution
/// service reported it).
struct Executed {
  std::string job_id;
  v1::ExecStatus status = v1::EXEC_STATUS_UNSPECIFIED;
  std::string engine;
};
struct ReceiptAccepted {
  std::string job_id, executor;
  v1::ExecStatus status = v1::EXEC_STATUS_UNSPECIFIED;
};
struct VoteCast {
  std::string job_id, validator;
  v1::Vote vote = v1::VOTE_UNSPECIFIED;
};
struct DisputeOpened {
  std::string job_id, opener;
};
struct ArbiterChosen {
  std::string job_id, arbiter;
};
struct VerdictIssued {
  std::string job_id, arbiter;
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
};
struct Equivocation {
  std::string job_id, offender;
};
struct EscrowReleased {
  std::string job_id;
  std::uint64_t amount = 0;
};
struct Slashed {
  std::string account, job_id, reason;
  std::uint64_t amount = 0;
};
struct Settled {
  std::string job_id;
  lifecycle::Outcome outcome = lifecycle::Outcome::none;
  lifecycle::Resolution resolution = lifecycle::Resolution::none;
  std::string executor;  // "" when never assigned
};
/// The ledger refused a transaction its own authority signed: always a bug.
struct LedgerError {
  std::string what, code, message;
};
/// A message that failed to open (bad signature, replay, expired, malformed payload) or that
/// the receiving role refused; counted by type and reason.
struct MessageRejected {
  v1::MessageType type = v1::MSG_UNSPECIFIED;
  std::string reason;
};
/// The ledger published a reputation snapshot.
struct ReputationPublished {
  std::uint64_t epoch = 0;
  std::uint64_t entries = 0;
};

}  // namespace events

using Event =
    std::variant<events::JobCreated, events::JobSubmitted, events::SubmissionRefused,
                 events::EscrowLocked, events::EscrowRefused, events::NoWinner, events::Assigned,
                 events::AssignmentRefused, events::Executed, events::ReceiptAccepted,
                 events::VoteCast, events::DisputeOpened, events::ArbiterChosen,
                 events::VerdictIssued, events::Equivocation, events::EscrowReleased,
                 events::Slashed, events::Settled, events::LedgerError, events::MessageRejected,
                 events::ReputationPublished>;

/// The event's name in logs and traces ("settled", "slashed", ...).
const char* event_name(const Event& event);

/// A one-line rendering of the event's fields ("<job id> completed validated exec-3"), with
/// every DID passed through `name_of` (the simulator prints node names, the node DIDs).
std::string describe(const Event& event,
                     const std::function<std::string(const std::string&)>& name_of);

}  // namespace icn::actors
