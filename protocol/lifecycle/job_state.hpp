#pragma once
// Everything the job machine knows about one job. Plain data: copyable, comparable, and
// rebuilt exactly by replaying the same events (the machine is pure). The state holds the
// evidence its settlement rests on (the accepted bid, the receipt, the votes, the verdict),
// so settlement and reputation are computed from it alone (protocol/settlement/).
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
  std::string bid_digest;               // envelope digest of the accepted, signed bid
  bool operator==(const AssignmentInfo& o) const {
    return executor == o.executor && price == o.price && validators == o.validators &&
           bid_digest == o.bid_digest;
  }
  bool operator!=(const AssignmentInfo& o) const { return !(*this == o); }
};

/// The accepted receipt's evidence: what it claims to have run and what came out.
struct ReceiptInfo {
  std::string output_hash;
  v1::ExecStatus status = v1::EXEC_STATUS_UNSPECIFIED;
  std::string executor;
  std::string code_hash;
  std::string input_hash;
  std::string output;  // the receipt's inline output bytes (empty when sent by hash only)

  /// Two receipts make the same claim when output hash and status agree; a second receipt
  /// that does not is equivocation (the other fields do not change what validators check).
  bool same_result(const ReceiptInfo& o) const {
    return output_hash == o.output_hash && status == o.status;
  }
  bool operator==(const ReceiptInfo& o) const {
    return same_result(o) && executor == o.executor && code_hash == o.code_hash &&
           input_hash == o.input_hash && output == o.output;
  }
  bool operator!=(const ReceiptInfo& o) const { return !(*this == o); }
};

/// The evidence of a receipt, as the machine records it.
ReceiptInfo receipt_info(const v1::ExecutionReceipt& receipt);

/// An upheld receipt pays the executor only when it reports a successful run (EXEC_OK): an
/// upheld failure (trap, limit, timeout, error) was caused by the submitter's code or limits,
/// so the executor is neither paid nor slashed.
bool receipt_pays_executor(const ReceiptInfo& receipt);

struct DisputeInfo {
  std::string opener;
  v1::DisputeReason reason = v1::DISPUTE_REASON_UNSPECIFIED;
  std::string claimed_output_hash;
  UnixMs opened_at = 0;
  /// The opener claims the receipt is wrong (anyone but the executor) or right (the executor).
  bool claims_wrong = true;
  bool operator==(const DisputeInfo& o) const {
    return opener == o.opener && reason == o.reason &&
           claimed_output_hash == o.claimed_output_hash && opened_at == o.opened_at &&
           claims_wrong == o.claims_wrong;
  }
  bool operator!=(const DisputeInfo& o) const { return !(*this == o); }
};

/// The arbiter's signed verdict, as far as settlement and reputation need it.
struct VerdictInfo {
  std::string arbiter;
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  std::string correct_output_hash;
  std::vector<std::string> faulty;  // DIDs the arbiter found at fault, as signed
  bool operator==(const VerdictInfo& o) const {
    return arbiter == o.arbiter && outcome == o.outcome &&
           correct_output_hash == o.correct_output_hash && faulty == o.faulty;
  }
  bool operator!=(const VerdictInfo& o) const { return !(*this == o); }
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

  /// Every field equal (bids compared as Protobuf messages).
  bool operator==(const JobState& o) const;
  bool operator!=(const JobState& o) const { return !(*this == o); }
};

inline bool is_terminal(const JobState& state) {
  return state.phase == Phase::settled;
}

}  // namespace icn::lifecycle
