#pragma once
// Everything the job machine knows about one job. Plain data: copyable, comparable, and
// rebuilt exactly by replaying the same events (the machine is pure).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "protocol/lifecycle/phase.hpp"
#include "protocol/lifecycle/terms.hpp"
#include "protocol/validation/quorum.hpp"

namespace icn::lifecycle {

struct AssignmentInfo {
  std::string executor;
  std::uint64_t price = 0;
  std::vector<std::string> validators;  // sampling order
  bool operator==(const AssignmentInfo& o) const {
    return executor == o.executor && price == o.price && validators == o.validators;
  }
};

struct ReceiptInfo {
  std::string output_hash;
  v1::ExecStatus status = v1::EXEC_STATUS_UNSPECIFIED;
  bool operator==(const ReceiptInfo& o) const {
    return output_hash == o.output_hash && status == o.status;
  }
};

struct DisputeInfo {
  std::string opener;
  v1::DisputeReason reason = v1::DISPUTE_REASON_UNSPECIFIED;
  std::string claimed_output_hash;
  UnixMs opened_at = 0;
  /// The opener claims the receipt is wrong (anyone but the executor) or right (the executor).
  bool claims_wrong = true;
};

struct VerdictInfo {
  std::string arbiter;
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
};

struct JobState {
  Phase phase = Phase::none;
  Outcome outcome = Outcome::none;           // set once phase == settled
  Resolution resolution = Resolution::none;  // set once phase == settled

  JobTerms terms;
  bool escrow_locked = false;
  bool bid_window_closed = false;
  std::map<std::string, v1::Bid> bids;  // by executor DID: the latest accepted bid

  std::optional<AssignmentInfo> assignment;
  bool execution_started = false;
  std::optional<ReceiptInfo> receipt;

  std::set<std::string> committed;                      // validators that committed
  std::map<std::string, validation::VoteRecord> votes;  // by validator: the first reveal
  std::vector<std::string> vote_order;                  // validators in reveal order
  std::set<std::string> equivocators;                   // reported once each
  validation::QuorumDecision decision = validation::QuorumDecision::undecided;
  bool decided = false;  // decision is final (early quorum or validation deadline)

  std::optional<DisputeInfo> dispute;
  std::optional<VerdictInfo> verdict;

  std::set<std::string> emitted;  // ids of every effect ever emitted for this job

  /// Votes in reveal order, as the quorum rule takes them.
  std::vector<validation::VoteRecord> vote_list() const;
};

inline bool is_terminal(const JobState& state) {
  return state.phase == Phase::settled;
}

}  // namespace icn::lifecycle
