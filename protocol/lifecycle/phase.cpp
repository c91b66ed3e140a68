#include "protocol/lifecycle/phase.hpp"

namespace icn::lifecycle {

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::none:
      return "none";
    case Phase::submitted:
      return "submitted";
    case Phase::bidding:
      return "bidding";
    case Phase::assigned:
      return "assigned";
    case Phase::executing:
      return "executing";
    case Phase::receipted:
      return "receipted";
    case Phase::validating:
      return "validating";
    case Phase::decided:
      return "decided";
    case Phase::disputed:
      return "disputed";
    case Phase::settled:
      return "settled";
  }
  return "unknown";
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::none:
      return "none";
    case Outcome::completed:
      return "completed";
    case Outcome::failed:
      return "failed";
    case Outcome::expired:
      return "expired";
    case Outcome::cancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string_view to_string(Resolution resolution) {
  switch (resolution) {
    case Resolution::none:
      return "none";
    case Resolution::escrow_failed:
      return "escrow_failed";
    case Resolution::no_bids:
      return "no_bids";
    case Resolution::not_assigned:
      return "not_assigned";
    case Resolution::cancelled:
      return "cancelled";
    case Resolution::no_show:
      return "no_show";
    case Resolution::execution_failed:
      return "execution_failed";
    case Resolution::validated:
      return "validated";
    case Resolution::rejected_by_validators:
      return "rejected_by_validators";
    case Resolution::inconclusive:
      return "inconclusive";
    case Resolution::arbitrated_correct:
      return "arbitrated_correct";
    case Resolution::arbitrated_wrong:
      return "arbitrated_wrong";
    case Resolution::arbitrated_inconclusive:
      return "arbitrated_inconclusive";
  }
  return "unknown";
}

}  // namespace icn::lifecycle
