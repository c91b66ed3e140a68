// Reputation snapshots: what the ledger authority publishes every epoch
// (protocol/reputation/snapshot.hpp).
#include <doctest/doctest.h>

#include "protocol/economics/params.hpp"
#include "protocol/reputation/snapshot.hpp"
#include "protocol/wire/canonical.hpp"

using namespace icn;
using namespace icn::reputation;

namespace {

constexpr UnixMs kT0 = 1'700'000'000'000ULL;
const std::uint64_t kHalfLife = 30ULL * 24 * 3'600'000;

v1::EconomicParams params() {
  return economics::default_economic_params();
}

ReputationBook book_with_outcomes() {
  v1::Assignment a;
  a.set_job_id("sha256:job");
  a.set_executor("did:exec");
  a.add_validators("did:v1");
  a.add_validators("did:v2");
  std::vector<v1::ValidationReveal> reveals(2);
  reveals[0].set_job_id("sha256:job");
  reveals[0].set_validator("did:v1");
  reveals[0].set_vote(v1::VOTE_ACCEPT);
  reveals[1].set_job_id("sha256:job");
  reveals[1].set_validator("did:v2");
  reveals[1].set_vote(v1::VOTE_ACCEPT);
  auto outcome = EstablishedOutcome::from_quorum(a, reveals, 2);
  REQUIRE(outcome);
  ReputationBook book;
  book.record(*outcome, kT0, params());
  return book;
}

v1::ReputationEntry entry(const std::string& did, std::uint32_t ppm) {
  v1::ReputationEntry e;
  e.set_did(did);
  e.set_ppm(ppm);
  return e;
}

}  // namespace

TEST_CASE("reputation_epoch is now / epoch length; 0 length is one epoch") {
  CHECK(reputation_epoch(0, 1000) == 0);
  CHECK(reputation_epoch(999, 1000) == 0);
  CHECK(reputation_epoch(1000, 1000) == 1);
  CHECK(reputation_epoch(kT0, 3'600'000) == kT0 / 3'600'000);
  CHECK(reputation_epoch(kT0, 0) == 0);
}

TEST_CASE("make_snapshot: every known DID, sorted, decayed to as_of") {
  const ReputationBook book = book_with_outcomes();
  const auto snapshot = make_snapshot(book, 7, kT0 + kHalfLife, params());
  CHECK(snapshot.epoch() == 7);
  CHECK(snapshot.as_of_unix_ms() == kT0 + kHalfLife);
  REQUIRE(snapshot.entries_size() == 3);
  CHECK(snapshot.entries(0).did() == "did:exec");
  CHECK(snapshot.entries(1).did() == "did:v1");
  CHECK(snapshot.entries(2).did() == "did:v2");
  for (const auto& e : snapshot.entries()) {
    CHECK(e.ppm() == book.at(e.did(), kT0 + kHalfLife, params()));
  }
  CHECK(snapshot.entries(0).ppm() == 525'000);  // 550'000 half-way back to the prior
  // The same book and instant give the same bytes (it is signed).
  CHECK(deterministic_bytes(snapshot) ==
        deterministic_bytes(make_snapshot(book, 7, kT0 + kHalfLife, params())));
}

TEST_CASE("read_snapshot gives the map select_executor reads; round trip with make_snapshot") {
  const ReputationBook book = book_with_outcomes();
  const auto snapshot = make_snapshot(book, 1, kT0, params());
  const auto map = read_snapshot(snapshot);
  REQUIRE(map);
  CHECK(*map == book.scores_at(kT0, params()));
  CHECK(read_snapshot(v1::ReputationSnapshot{})->empty());
}

TEST_CASE("read_snapshot refuses unsorted, repeated, empty or out-of-range entries") {
  auto check_bad = [](std::vector<v1::ReputationEntry> entries, const std::string& needle) {
    v1::ReputationSnapshot s;
    for (auto& e : entries) *s.add_entries() = e;
    const auto map = read_snapshot(s);
    REQUIRE_FALSE(map);
    CHECK(map.error().code == "bad_snapshot");
    INFO(map.error().message);
    CHECK(map.error().message.find(needle) != std::string::npos);
  };
  check_bad({entry("did:b", 1), entry("did:a", 1)}, "entries[1] (did:a)");
  check_bad({entry("did:a", 1), entry("did:a", 2)}, "entries[1] (did:a)");
  check_bad({entry("", 1)}, "empty DID");
  check_bad({entry("did:a", 1'000'001)}, "ppm 1000001");
  v1::ReputationSnapshot ok;
  *ok.add_entries() = entry("did:a", 0);
  *ok.add_entries() = entry("did:b", 1'000'000);
  CHECK(read_snapshot(ok).has_value());
}
