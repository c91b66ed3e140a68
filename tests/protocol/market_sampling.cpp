// Validator sampling: deterministic from a public seed (protocol/market/sampling.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "protocol/market/sampling.hpp"

using namespace icn;
using namespace icn::market;

namespace {
std::vector<std::string> dids(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("did:key:v" + std::to_string(i));
  return out;
}
}  // namespace

TEST_CASE("the same seed gives the same sample, whatever the candidate order") {
  const Bytes seed = validator_sample_seed("sha256:job1", "sha256:bid1");
  CHECK(seed.size() == 32);
  auto candidates = dids(20);
  const auto first = sample_validators(candidates, 5, {}, seed);
  REQUIRE(first.size() == 5);
  std::reverse(candidates.begin(), candidates.end());
  candidates.push_back("did:key:v3");  // duplicates do not count twice
  CHECK(sample_validators(candidates, 5, {}, seed) == first);
  CHECK(std::set<std::string>(first.begin(), first.end()).size() == 5);
  // A prefix property: a smaller k gives the first entries of a larger one.
  const auto three = sample_validators(candidates, 3, {}, seed);
  CHECK(std::equal(three.begin(), three.end(), first.begin()));
}

TEST_CASE("different jobs or accepted bids sample differently") {
  const auto candidates = dids(20);
  const auto a = sample_validators(candidates, 5, {}, validator_sample_seed("sha256:job1", "b"));
  const auto b = sample_validators(candidates, 5, {}, validator_sample_seed("sha256:job2", "b"));
  const auto c = sample_validators(candidates, 5, {}, validator_sample_seed("sha256:job1", "c"));
  CHECK(a != b);
  CHECK(a != c);
  // The seed domain-separates its parts: ("ab","c") differs from ("a","bc").
  CHECK(validator_sample_seed("ab", "c") != validator_sample_seed("a", "bc"));
}

TEST_CASE("the executor (and any excluded DID) is never sampled") {
  const auto candidates = dids(6);
  const Bytes seed = validator_sample_seed("sha256:job", "sha256:bid");
  for (const auto& executor : candidates) {
    const auto sample = sample_validators(candidates, 6, {executor, "did:key:submitter"}, seed);
    CHECK(sample.size() == 5);
    CHECK(std::find(sample.begin(), sample.end(), executor) == sample.end());
  }
}

TEST_CASE("fewer candidates than k: all of them; none: empty") {
  const Bytes seed = validator_sample_seed("j", "b");
  CHECK(sample_validators(dids(2), 5, {}, seed).size() == 2);
  CHECK(sample_validators({}, 3, {}, seed).empty());
  CHECK(sample_validators(dids(4), 0, {}, seed).empty());
  CHECK(sample_validators({"", "did:x"}, 3, {}, seed) == std::vector<std::string>{"did:x"});
}

TEST_CASE("sampling spreads over candidates (no fixed favourites)") {
  const auto candidates = dids(10);
  std::vector<int> picked(10, 0);
  for (int j = 0; j < 200; ++j) {
    const auto sample =
        sample_validators(candidates, 3, {}, validator_sample_seed("job" + std::to_string(j), ""));
    for (const auto& did : sample) ++picked[std::stoi(did.substr(9))];
  }
  // Expected 60 each; every candidate is picked sometimes and none always.
  for (int count : picked) {
    CHECK(count > 20);
    CHECK(count < 120);
  }
}
