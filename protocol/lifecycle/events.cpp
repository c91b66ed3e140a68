#include "protocol/lifecycle/events.hpp"

#include "protocol/core/overloaded.hpp"

namespace icn::lifecycle {

std::string_view event_name(const Event& event) {
  return std::visit(
      Overloaded{
          [](const Submit&) { return std::string_view("submit"); },
          [](const EscrowLocked&) { return std::string_view("escrow_locked"); },
          [](const EscrowFailed&) { return std::string_view("escrow_failed"); },
          [](const BidReceived&) { return std::string_view("bid_received"); },
          [](const BidWindowClosed&) { return std::string_view("bid_window_closed"); },
          [](const Assign&) { return std::string_view("assign"); },
          [](const ExecutionStarted&) { return std::string_view("execution_started"); },
          [](const ReceiptReceived&) { return std::string_view("receipt_received"); },
          [](const VoteCommitted&) { return std::string_view("vote_committed"); },
          [](const VoteReceived&) { return std::string_view("vote_received"); },
          [](const DisputeOpened&) { return std::string_view("dispute_opened"); },
          [](const VerdictIssued&) { return std::string_view("verdict_issued"); },
          [](const Cancel&) { return std::string_view("cancel"); },
          [](const Tick&) { return std::string_view("tick"); },
      },
      event);
}

}  // namespace icn::lifecycle
