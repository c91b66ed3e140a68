// The announce sample: which executors hear about a job (protocol/market/announce.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "protocol/core/bytes.hpp"
#include "protocol/crypto/sha256.hpp"
#include "protocol/market/announce.hpp"

using namespace icn;

namespace {
std::vector<std::string> executors(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("did:key:e" + std::to_string(i));
  return out;
}
}  // namespace

TEST_CASE("announce_sample is deterministic and independent of the input order") {
  auto pool = executors(12);
  const auto first = market::announce_sample("sha256:job", pool, 5);
  REQUIRE(first.size() == 5);
  std::reverse(pool.begin(), pool.end());
  pool.push_back("did:key:e3");  // a duplicate does not count twice
  pool.push_back("");            // nor does an empty DID
  CHECK(market::announce_sample("sha256:job", pool, 5) == first);
  CHECK(std::set<std::string>(first.begin(), first.end()).size() == 5);
  // A smaller fanout is a prefix of a larger one (rank order).
  const auto two = market::announce_sample("sha256:job", pool, 2);
  CHECK(std::equal(two.begin(), two.end(), first.begin()));
}

TEST_CASE("announce_sample size: the first fanout, or every executor when fanout >= n") {
  const auto pool = executors(4);
  CHECK(market::announce_sample("j", pool, 0).empty());
  CHECK(market::announce_sample("j", pool, 3).size() == 3);
  CHECK(market::announce_sample("j", pool, 4).size() == 4);
  CHECK(market::announce_sample("j", pool, 100).size() == 4);
  CHECK(market::announce_sample("j", {}, 3).empty());
}

TEST_CASE("announce_sample ranks by SHA-256(domain, len-prefixed job id, len-prefixed DID)") {
  const auto pool = executors(6);
  std::vector<std::pair<Digest, std::string>> ranked;
  for (const auto& did : pool) {
    Bytes message = to_bytes("icnmesh/announce-sample/v1");
    append_length_prefixed(message, std::string_view("sha256:job"));
    append_length_prefixed(message, std::string_view(did));
    ranked.emplace_back(sha256(message), did);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> expected;
  for (const auto& entry : ranked) expected.push_back(entry.second);
  CHECK(market::announce_sample("sha256:job", pool, 6) == expected);
}

TEST_CASE("announce_sample is roughly uniform over many jobs") {
  const auto pool = executors(10);
  std::map<std::string, int> hits;
  constexpr int kJobs = 3000;
  for (int j = 0; j < kJobs; ++j) {
    for (const auto& did : market::announce_sample("job-" + std::to_string(j), pool, 3)) {
      ++hits[did];
    }
  }
  // Expected 900 each (3000 jobs x 3 / 10); a fair coin stays well inside +-20 %.
  for (const auto& did : pool) {
    INFO(did << " chosen " << hits[did] << " times");
    CHECK(hits[did] > 720);
    CHECK(hits[did] < 1080);
  }
  // Different jobs pick different samples.
  CHECK(market::announce_sample("job-1", pool, 3) != market::announce_sample("job-2", pool, 3));
}
