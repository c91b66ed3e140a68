// The validation quorum rule (protocol/validation/quorum.hpp): majority of k decides.
#include <doctest/doctest.h>

#include "protocol/validation/quorum.hpp"

namespace v1 = icnmesh::v1;
using icn::validation::decide;
using icn::validation::decision_threshold;
using icn::validation::QuorumDecision;
using icn::validation::split_votes;
using icn::validation::VoteRecord;

namespace {

std::vector<VoteRecord> votes(int accepts, int rejects) {
  std::vector<VoteRecord> out;
  for (int i = 0; i < accepts; ++i)
    out.push_back({"did:a" + std::to_string(i), v1::VOTE_ACCEPT, "h"});
  for (int i = 0; i < rejects; ++i)
    out.push_back({"did:r" + std::to_string(i), v1::VOTE_REJECT, "x"});
  return out;
}

}  // namespace

TEST_CASE("threshold is the larger of quorum and a strict majority of k") {
  CHECK(decision_threshold(3, 2) == 2);
  CHECK(decision_threshold(3, 3) == 3);
  CHECK(decision_threshold(4, 2) == 3);  // 2 of 4 is not a majority
  CHECK(decision_threshold(5, 0) == 3);
  CHECK(decision_threshold(1, 1) == 1);
  CHECK(decision_threshold(0, 0) == 1);
}

TEST_CASE("accepted once accept votes reach the threshold") {
  CHECK(decide(votes(2, 0), 3, 2) == QuorumDecision::accepted);
  CHECK(decide(votes(2, 1), 3, 2) == QuorumDecision::accepted);
  CHECK(decide(votes(3, 0), 5, 3) == QuorumDecision::accepted);
  CHECK(decide(votes(1, 0), 1, 1) == QuorumDecision::accepted);
}

TEST_CASE("rejected once reject votes reach the threshold") {
  CHECK(decide(votes(0, 2), 3, 2) == QuorumDecision::rejected);
  CHECK(decide(votes(1, 2), 3, 2) == QuorumDecision::rejected);
  CHECK(decide(votes(2, 3), 5, 3) == QuorumDecision::rejected);
}

TEST_CASE("undecided while outstanding votes could still decide") {
  CHECK(decide({}, 3, 2) == QuorumDecision::undecided);
  CHECK(decide(votes(1, 0), 3, 2) == QuorumDecision::undecided);
  CHECK(decide(votes(1, 1), 3, 2) == QuorumDecision::undecided);
  CHECK(decide(votes(2, 1), 5, 3) == QuorumDecision::undecided);
}

TEST_CASE("inconclusive when neither side can reach the threshold") {
  CHECK(decide(votes(2, 2), 4, 3) == QuorumDecision::inconclusive);
  CHECK(decide(votes(1, 1), 3, 3) == QuorumDecision::inconclusive);  // quorum 3 unreachable
  CHECK(decide({}, 0, 0) == QuorumDecision::inconclusive);
  CHECK(decide(votes(2, 2), 5, 4) == QuorumDecision::inconclusive);
}

TEST_CASE("votes that are neither accept nor reject do not count") {
  auto v = votes(1, 0);
  v.push_back({"did:u", v1::VOTE_UNSPECIFIED, ""});
  CHECK(decide(v, 3, 2) == QuorumDecision::undecided);
  v.push_back({"did:a9", v1::VOTE_ACCEPT, "h"});
  CHECK(decide(v, 3, 2) == QuorumDecision::accepted);
}

TEST_CASE("split_votes: accepted pays accept voters and exposes reject voters") {
  auto split = split_votes(votes(2, 1), QuorumDecision::accepted);
  CHECK(split.with_outcome == std::vector<std::string>{"did:a0", "did:a1"});
  CHECK(split.against_outcome == std::vector<std::string>{"did:r0"});
}

TEST_CASE("split_votes: rejected pays reject voters and exposes accept voters") {
  auto split = split_votes(votes(1, 2), QuorumDecision::rejected);
  CHECK(split.with_outcome == std::vector<std::string>{"did:r0", "did:r1"});
  CHECK(split.against_outcome == std::vector<std::string>{"did:a0"});
}

TEST_CASE("split_votes: inconclusive pays every voter and slashes nobody") {
  auto v = votes(1, 1);
  v.push_back({"did:u", v1::VOTE_UNSPECIFIED, ""});
  auto split = split_votes(v, QuorumDecision::inconclusive);
  CHECK(split.with_outcome == std::vector<std::string>{"did:a0", "did:r0"});
  CHECK(split.against_outcome.empty());
}

TEST_CASE("decision names") {
  CHECK(icn::validation::to_string(QuorumDecision::accepted) == "accepted");
  CHECK(icn::validation::to_string(QuorumDecision::rejected) == "rejected");
  CHECK(icn::validation::to_string(QuorumDecision::undecided) == "undecided");
  CHECK(icn::validation::to_string(QuorumDecision::inconclusive) == "inconclusive");
}
