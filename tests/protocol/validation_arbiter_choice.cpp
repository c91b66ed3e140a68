// Arbiter choice: deterministic, never a party (protocol/validation/arbiter_choice.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <utility>

#include "protocol/core/bytes.hpp"
#include "protocol/crypto/sha256.hpp"
#include "protocol/validation/arbiter_choice.hpp"

using namespace icn;

namespace {
std::vector<std::string> arbiters(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("did:key:a" + std::to_string(i));
  return out;
}
}  // namespace

TEST_CASE("choose_arbiter is deterministic and independent of the input order") {
  auto pool = arbiters(7);
  const auto first = validation::choose_arbiter("sha256:job", pool, {});
  REQUIRE(first.has_value());
  std::reverse(pool.begin(), pool.end());
  CHECK(validation::choose_arbiter("sha256:job", pool, {}) == first);
}

TEST_CASE("choose_arbiter ranks by SHA-256 with its own domain tag") {
  const auto pool = arbiters(5);
  std::vector<std::pair<Digest, std::string>> ranked;
  for (const auto& did : pool) {
    Bytes message = to_bytes("icnmesh/arbiter-choice/v1");
    append_length_prefixed(message, std::string_view("sha256:job"));
    append_length_prefixed(message, std::string_view(did));
    ranked.emplace_back(sha256(message), did);
  }
  std::sort(ranked.begin(), ranked.end());
  CHECK(validation::choose_arbiter("sha256:job", pool, {}) == ranked.front().second);
}

TEST_CASE("choose_arbiter never picks a party of the job; nullopt when none is left") {
  const auto pool = arbiters(4);
  const auto first = validation::choose_arbiter("sha256:job", pool, {});
  REQUIRE(first.has_value());
  // Excluding the first choice moves to another arbiter, never back to an excluded one.
  std::vector<std::string> exclude{*first};
  for (int i = 0; i < 3; ++i) {
    const auto next = validation::choose_arbiter("sha256:job", pool, exclude);
    REQUIRE(next.has_value());
    CHECK(std::find(exclude.begin(), exclude.end(), *next) == exclude.end());
    exclude.push_back(*next);
  }
  CHECK_FALSE(validation::choose_arbiter("sha256:job", pool, exclude).has_value());
  CHECK_FALSE(validation::choose_arbiter("sha256:job", {}, {}).has_value());
  CHECK_FALSE(validation::choose_arbiter("sha256:job", {""}, {}).has_value());
}

TEST_CASE("choose_arbiter spreads disputes over the arbiters") {
  const auto pool = arbiters(5);
  std::map<std::string, int> hits;
  for (int j = 0; j < 2000; ++j) {
    ++hits[*validation::choose_arbiter("job-" + std::to_string(j), pool, {})];
  }
  for (const auto& did : pool) {
    INFO(did << " chosen " << hits[did] << " times");
    CHECK(hits[did] > 320);  // expected 400
    CHECK(hits[did] < 480);
  }
}
