#pragma once
// The validation quorum rule: how revealed validator votes decide whether a receipt stands.
// Pure functions; the job machine (protocol/lifecycle) calls them, docs/lifecycle.md explains.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "proto/validation.pb.h"

namespace icn::validation {

namespace v1 = icnmesh::v1;

/// One validator's revealed vote (at most one record per validator; the first reveal counts).
struct VoteRecord {
  std::string validator;  // DID
  v1::Vote vote = v1::VOTE_UNSPECIFIED;
  std::string output_hash;  // what the validator computed
  bool operator==(const VoteRecord& o) const {
    return validator == o.validator && vote == o.vote && output_hash == o.output_hash;
  }
  bool operator!=(const VoteRecord& o) const { return !(*this == o); }
};

/// Numeric values are persisted in v1::JobRecord (lifecycle/job_record.hpp): append, never
/// reorder.
enum class QuorumDecision : std::uint8_t {
  undecided,     // more votes could still decide
  accepted,      // the receipt stands
  rejected,      // the receipt is wrong
  inconclusive,  // no side can reach the threshold any more
};

std::string_view to_string(QuorumDecision decision);

/// Votes a side needs to decide: max(quorum, floor(k/2) + 1), so a side must hold both the
/// configured quorum and a strict majority of the k sampled validators.
std::uint32_t decision_threshold(std::uint32_t k, std::uint32_t quorum);

/// Majority of k decides: a side (accept or reject) wins once its votes reach
/// decision_threshold(k, quorum); if neither side can still reach it with the k - cast votes
/// outstanding the result is inconclusive, otherwise undecided. Votes other than
/// VOTE_ACCEPT/VOTE_REJECT are ignored; callers pass at most one vote per validator.
QuorumDecision decide(const std::vector<VoteRecord>& votes, std::uint32_t k, std::uint32_t quorum);

/// Who shares the validator fee and who is slashable for a wrong vote, in the votes' order.
struct VoteSplit {
  std::vector<std::string> with_outcome;     // voted as the outcome went: share the fee
  std::vector<std::string> against_outcome;  // voted the other way: slashable (wrong_vote)
};

/// Splits voters by the final outcome: for accepted, accept voters are with it and reject
/// voters against; for rejected the reverse; for inconclusive or undecided every voter is
/// "with" (they did the work and nobody is provably wrong) and nobody is against.
VoteSplit split_votes(const std::vector<VoteRecord>& votes, QuorumDecision outcome);

}  // namespace icn::validation
