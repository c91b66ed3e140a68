#include "actors/events.hpp"

#include <type_traits>

#include "protocol/core/overloaded.hpp"

namespace icn::actors {

namespace {

std::string short_type(v1::MessageType t) {
  const std::string& n = v1::MessageType_Name(t);
  return n.rfind("MSG_", 0) == 0 ? n.substr(4) : n;
}

}  // namespace

const char* event_name(const Event& event) {
  return std::visit(Overloaded{
                        [](const events::JobCreated&) { return "job_created"; },
                        [](const events::JobSubmitted&) { return "submitted"; },
                        [](const events::SubmissionRefused&) { return "submission_refused"; },
                        [](const events::EscrowLocked&) { return "escrow_locked"; },
                        [](const events::EscrowRefused&) { return "escrow_refused"; },
                        [](const events::NoWinner&) { return "no_winner"; },
                        [](const events::Assigned&) { return "assigned"; },
                        [](const events::AssignmentRefused&) { return "assignment_refused"; },
                        [](const events::Executed&) { return "executed"; },
                        [](const events::ReceiptAccepted&) { return "receipt_accepted"; },
                        [](const events::VoteCast&) { return "vote_cast"; },
                        [](const events::DisputeOpened&) { return "dispute_opened"; },
                        [](const events::ArbiterChosen&) { return "arbiter_chosen"; },
                        [](const events::VerdictIssued&) { return "verdict"; },
                        [](const events::Equivocation&) { return "equivocation"; },
                        [](const events::EscrowReleased&) { return "escrow_released"; },
                        [](const events::Slashed&) { return "slashed"; },
                        [](const events::Settled&) { return "settled"; },
                        [](const events::LedgerError&) { return "ledger_error"; },
                        [](const events::MessageRejected&) { return "message_rejected"; },
                        [](const events::ReputationPublished&) { return "reputation_published"; },
                    },
                    event);
}

std::string describe(const Event& event,
                     const std::function<std::string(const std::string&)>& name_of) {
  auto n = [&](const std::string& did) { return did.empty() ? std::string("-") : name_of(did); };
  auto num = [](std::uint64_t v) { return std::to_string(v); };
  return std::visit(
      Overloaded{
          [&](const events::JobCreated& e) { return e.job_id; },
          [&](const events::JobSubmitted& e) {
            return e.job_id + " " + n(e.submitter) + " " + num(e.final_deadline);
          },
          [&](const events::SubmissionRefused& e) { return e.job_id + " " + e.reason; },
          [&](const events::EscrowLocked& e) { return e.job_id + " " + num(e.amount); },
          [&](const events::EscrowRefused& e) { return e.job_id + " " + e.code; },
          [&](const events::NoWinner& e) { return e.job_id + " " + num(e.bids) + " " + e.reason; },
          [&](const events::Assigned& e) { return e.job_id + " " + n(e.executor); },
          [&](const events::AssignmentRefused& e) { return e.job_id + " " + e.reason; },
          [&](const events::Executed& e) {
            return e.job_id + " " + v1::ExecStatus_Name(e.status) + " " + e.engine;
          },
          [&](const events::ReceiptAccepted& e) {
            return e.job_id + " " + n(e.executor) + " " + v1::ExecStatus_Name(e.status);
          },
          [&](const events::VoteCast& e) {
            return e.job_id + " " + n(e.validator) + " " + v1::Vote_Name(e.vote);
          },
          [&](const events::DisputeOpened& e) { return e.job_id + " " + n(e.opener); },
          [&](const events::ArbiterChosen& e) { return e.job_id + " " + n(e.arbiter); },
          [&](const events::VerdictIssued& e) {
            return e.job_id + " " + n(e.arbiter) + " " + v1::Outcome_Name(e.outcome);
          },
          [&](const events::Equivocation& e) { return e.job_id + " " + n(e.offender); },
          [&](const events::EscrowReleased& e) { return e.job_id + " " + num(e.amount); },
          [&](const events::Slashed& e) {
            return n(e.account) + " " + e.job_id + " " + e.reason + " " + num(e.amount);
          },
          [&](const events::Settled& e) {
            return e.job_id + " " + std::string(lifecycle::to_string(e.outcome)) + " " +
                   std::string(lifecycle::to_string(e.resolution)) + " " + n(e.executor);
          },
          [&](const events::LedgerError& e) { return e.what + " " + e.code + " " + e.message; },
          [&](const events::MessageRejected& e) { return short_type(e.type) + " " + e.reason; },
          [&](const events::ReputationPublished& e) { return num(e.epoch) + " " + num(e.entries); },
      },
      event);
}

}  // namespace icn::actors
