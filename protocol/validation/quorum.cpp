#include "protocol/validation/quorum.hpp"

#include <algorithm>

namespace icn::validation {

std::string_view to_string(QuorumDecision decision) {
  switch (decision) {
    case QuorumDecision::undecided:
      return "undecided";
    case QuorumDecision::accepted:
      return "accepted";
    case QuorumDecision::rejected:
      return "rejected";
    case QuorumDecision::inconclusive:
      return "inconclusive";
  }
  return "unknown";
}

std::uint32_t decision_threshold(std::uint32_t k, std::uint32_t quorum) {
  return std::max(quorum, k / 2 + 1);
}

QuorumDecision decide(const std::vector<VoteRecord>& votes, std::uint32_t k, std::uint32_t quorum) {
  std::uint64_t accepts = 0;
  std::uint64_t rejects = 0;
  for (const auto& v : votes) {
    if (v.vote == v1::VOTE_ACCEPT) ++accepts;
    if (v.vote == v1::VOTE_REJECT) ++rejects;
  }
  const std::uint64_t threshold = decision_threshold(k, quorum);
  if (accepts >= threshold) return QuorumDecision::accepted;
  if (rejects >= threshold) return QuorumDecision::rejected;
  const std::uint64_t cast = accepts + rejects;
  const std::uint64_t outstanding = cast >= k ? 0 : k - cast;
  if (accepts + outstanding < threshold && rejects + outstanding < threshold) {
    return QuorumDecision::inconclusive;
  }
  return QuorumDecision::undecided;
}

VoteSplit split_votes(const std::vector<VoteRecord>& votes, QuorumDecision outcome) {
  VoteSplit split;
  for (const auto& v : votes) {
    if (v.vote != v1::VOTE_ACCEPT && v.vote != v1::VOTE_REJECT) continue;
    const bool decisive =
        outcome == QuorumDecision::accepted || outcome == QuorumDecision::rejected;
    const bool agrees =
        !decisive || (outcome == QuorumDecision::accepted) == (v.vote == v1::VOTE_ACCEPT);
    (agrees ? split.with_outcome : split.against_outcome).push_back(v.validator);
  }
  return split;
}

}  // namespace icn::validation
