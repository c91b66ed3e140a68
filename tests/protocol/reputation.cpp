// Reputation: bounds, asymmetric updates, exact decay, established outcomes only.
#include <doctest/doctest.h>

#include <type_traits>

#include "proto/execution.pb.h"
#include "protocol/economics/params.hpp"
#include "protocol/reputation/reputation.hpp"

using namespace icn;
using namespace icn::reputation;

namespace {

constexpr UnixMs kT0 = 1'700'000'000'000ULL;

v1::EconomicParams params() {
  return economics::default_economic_params();
}

const std::uint64_t kHalfLife = 30ULL * 24 * 3'600'000;

v1::Assignment assignment() {
  v1::Assignment a;
  a.set_job_id("sha256:job");
  a.set_executor("did:exec");
  a.add_validators("did:v1");
  a.add_validators("did:v2");
  a.add_validators("did:v3");
  a.set_execution_deadline_unix_ms(kT0 + 1000);
  return a;
}

v1::ValidationReveal reveal(const std::string& validator, v1::Vote vote,
                            const std::string& job = "sha256:job") {
  v1::ValidationReveal r;
  r.set_job_id(job);
  r.set_validator(validator);
  r.set_vote(vote);
  r.set_output_hash("sha256:out");
  return r;
}

Effect effect_of(const EstablishedOutcome& o, const std::string& did) {
  for (const auto& e : o.effects()) {
    if (e.did == did) return e.effect;
  }
  FAIL("no effect for " << did);
  return Effect::kSuccess;
}

bool has_effect(const EstablishedOutcome& o, const std::string& did) {
  for (const auto& e : o.effects()) {
    if (e.did == did) return true;
  }
  return false;
}

}  // namespace

// The API makes self-reporting impossible: the only way to change a stored score is
// ReputationBook::record(EstablishedOutcome), and an EstablishedOutcome cannot be made from a
// receipt, from nothing, or from a bare effect list.
static_assert(!std::is_default_constructible_v<EstablishedOutcome>);
static_assert(!std::is_constructible_v<EstablishedOutcome, v1::ExecutionReceipt>);
static_assert(!std::is_constructible_v<EstablishedOutcome, std::vector<SubjectEffect>>);

TEST_CASE("newcomers have the prior") {
  ReputationBook book;
  CHECK(prior_ppm(params()) == 500'000);
  CHECK(book.at("did:new", kT0, params()) == 500'000);
  CHECK(book.scores_at(kT0, params()).empty());
}

TEST_CASE("asymmetric update: success moves 10% toward 1, failure 50% toward 0") {
  const Score prior{500'000, kT0};
  CHECK(updated(prior, Effect::kSuccess, kT0, params()).ppm == 550'000);
  CHECK(updated(prior, Effect::kFailure, kT0, params()).ppm == 250'000);
  // From 0.9 one failure (to 0.45) needs 17 successes to undo.
  Score s{900'000, kT0};
  s = updated(s, Effect::kFailure, kT0, params());
  CHECK(s.ppm == 450'000);
  int successes = 0;
  while (s.ppm < 900'000) {
    s = updated(s, Effect::kSuccess, kT0, params());
    ++successes;
  }
  CHECK(successes == 17);
}

TEST_CASE("bounds: reputation never leaves [0, 1]") {
  Score s{500'000, kT0};
  for (int i = 0; i < 500; ++i) {
    s = updated(s, Effect::kSuccess, kT0, params());
    CHECK(s.ppm <= kOne);
  }
  CHECK(s.ppm >= 999'000);
  for (int i = 0; i < 500; ++i) {
    s = updated(s, Effect::kFailure, kT0, params());
    CHECK(s.ppm <= kOne);
  }
  CHECK(s.ppm <= 1);
  // Out-of-range stored values are clamped on update.
  CHECK(updated(Score{5'000'000, kT0}, Effect::kSuccess, kT0, params()).ppm == kOne);
  // Extreme step parameters cannot push it out either.
  auto p = params();
  p.set_reputation_success_step_bp(60000);
  p.set_reputation_failure_step_bp(60000);
  CHECK(updated(Score{300'000, kT0}, Effect::kSuccess, kT0, p).ppm == kOne);
  CHECK(updated(Score{300'000, kT0}, Effect::kFailure, kT0, p).ppm == 0);
}

TEST_CASE("decay: the distance to the prior halves every half-life, exactly") {
  const Score high{900'000, kT0};  // distance 400'000 above the prior
  CHECK(decayed(high, kT0 + kHalfLife, params()).ppm == 700'000);
  CHECK(decayed(high, kT0 + 2 * kHalfLife, params()).ppm == 600'000);
  CHECK(decayed(high, kT0 + 3 * kHalfLife, params()).ppm == 550'000);
  // 1/16 half-life: 400'000 * 2^(-1/16) = 383'041.3
  CHECK(decayed(high, kT0 + kHalfLife / 16, params()).ppm == 883'041);
  // Half a half-life: 400'000 / sqrt(2) = 282'842.7
  CHECK(decayed(high, kT0 + kHalfLife / 2, params()).ppm == 782'842);
  // From below, decay raises toward the prior.
  const Score low{100'000, kT0};
  CHECK(decayed(low, kT0 + kHalfLife, params()).ppm == 300'000);
  // Far in the future: the prior.
  CHECK(decayed(high, kT0 + 100 * kHalfLife, params()).ppm == 500'000);
  CHECK(decayed(low, UINT64_MAX, params()).ppm == 500'000);
  // No time, or time going backwards: unchanged.
  CHECK(decayed(high, kT0, params()).ppm == 900'000);
  CHECK(decayed(high, kT0 - 5, params()).ppm == 900'000);
}

TEST_CASE("decay is not lost to frequent updates: partial steps carry over") {
  const Score high{900'000, kT0};
  // Decay in 1000 small increments, each shorter than one 1/16 step.
  Score s = high;
  const std::uint64_t chunk = kHalfLife / 1000;
  for (int i = 1; i <= 1000; ++i) s = decayed(s, kT0 + i * chunk, params());
  const Score once = decayed(high, kT0 + 1000 * chunk, params());
  CHECK(s.as_of == once.as_of);
  // Rounding per step may differ by a few ppm at most.
  CHECK(s.ppm <= once.ppm + 16);
  CHECK(s.ppm + 16 >= once.ppm);
  CHECK(s.ppm < 705'000);
}

TEST_CASE("decay is deterministic: the same inputs give the same score") {
  const Score s{123'457, kT0};
  for (std::uint64_t dt :
       {std::uint64_t{1}, std::uint64_t{77'777}, kHalfLife / 3, 5 * kHalfLife + 12345}) {
    CHECK(decayed(s, kT0 + dt, params()).ppm == decayed(s, kT0 + dt, params()).ppm);
  }
}

TEST_CASE("quorum accept: executor and agreeing validators succeed, others fail") {
  auto o = EstablishedOutcome::from_quorum(
      assignment(), {reveal("did:v1", v1::VOTE_ACCEPT), reveal("did:v2", v1::VOTE_ACCEPT)}, 2);
  REQUIRE(o);
  CHECK(o->job_id() == "sha256:job");
  CHECK(o->effects().front().did == "did:exec");  // executor first
  CHECK(effect_of(*o, "did:exec") == Effect::kSuccess);
  CHECK(effect_of(*o, "did:v1") == Effect::kSuccess);
  CHECK(effect_of(*o, "did:v2") == Effect::kSuccess);
  CHECK(effect_of(*o, "did:v3") == Effect::kFailure);  // sampled, did not reveal
}

TEST_CASE("quorum reject: executor fails, a validator voting against the result fails") {
  auto o = EstablishedOutcome::from_quorum(
      assignment(),
      {reveal("did:v1", v1::VOTE_REJECT), reveal("did:v2", v1::VOTE_REJECT),
       reveal("did:v3", v1::VOTE_ACCEPT)},
      2);
  REQUIRE(o);
  CHECK(effect_of(*o, "did:exec") == Effect::kFailure);
  CHECK(effect_of(*o, "did:v1") == Effect::kSuccess);
  CHECK(effect_of(*o, "did:v3") == Effect::kFailure);
}

TEST_CASE("self-report cannot raise reputation") {
  // The executor "votes" for itself and outsiders chime in: none of it counts.
  auto o = EstablishedOutcome::from_quorum(
      assignment(),
      {reveal("did:exec", v1::VOTE_ACCEPT), reveal("did:exec", v1::VOTE_ACCEPT),
       reveal("did:sybil", v1::VOTE_ACCEPT), reveal("did:v1", v1::VOTE_ACCEPT, "sha256:other")},
      1);
  REQUIRE_FALSE(o);
  CHECK(o.error().code == "no_quorum");
  // A validator revealing twice counts once.
  auto twice = EstablishedOutcome::from_quorum(
      assignment(), {reveal("did:v1", v1::VOTE_ACCEPT), reveal("did:v1", v1::VOTE_ACCEPT)}, 2);
  REQUIRE_FALSE(twice);
  // An executor assigned as its own validator is not counted either.
  auto a = assignment();
  a.add_validators("did:exec");
  auto own = EstablishedOutcome::from_quorum(
      a, {reveal("did:exec", v1::VOTE_ACCEPT), reveal("did:v1", v1::VOTE_ACCEPT)}, 2);
  REQUIRE_FALSE(own);
  // So the book stays at the prior.
  ReputationBook book;
  CHECK(book.at("did:exec", kT0, params()) == 500'000);
}

TEST_CASE("quorum errors") {
  CHECK(EstablishedOutcome::from_quorum(assignment(), {}, 0).error().code == "invalid_quorum");
  CHECK(EstablishedOutcome::from_quorum(assignment(), {reveal("did:v1", v1::VOTE_ACCEPT)}, 2)
            .error()
            .code == "no_quorum");
  auto a = assignment();
  a.add_validators("did:v4");  // k = 4: 2 accept, 2 reject is inconclusive
  auto split = EstablishedOutcome::from_quorum(
      a,
      {reveal("did:v1", v1::VOTE_ACCEPT), reveal("did:v2", v1::VOTE_ACCEPT),
       reveal("did:v3", v1::VOTE_REJECT), reveal("did:v4", v1::VOTE_REJECT)},
      2);
  REQUIRE_FALSE(split);
  CHECK(split.error().code == "inconclusive");
}

TEST_CASE("arbiter verdicts") {
  v1::Verdict v;
  v.set_job_id("sha256:job");
  v.set_arbiter("did:arb");
  v.set_outcome(v1::OUTCOME_RESULT_WRONG);
  v.add_faulty("did:v2");
  auto wrong = EstablishedOutcome::from_verdict(v, assignment());
  REQUIRE(wrong);
  CHECK(effect_of(*wrong, "did:exec") == Effect::kFailure);
  CHECK(effect_of(*wrong, "did:v2") == Effect::kFailure);
  CHECK_FALSE(has_effect(*wrong, "did:arb"));

  v.set_outcome(v1::OUTCOME_RESULT_CORRECT);
  v.clear_faulty();
  v.add_faulty("did:accuser");
  auto correct = EstablishedOutcome::from_verdict(v, assignment());
  REQUIRE(correct);
  CHECK(effect_of(*correct, "did:exec") == Effect::kSuccess);
  CHECK(effect_of(*correct, "did:accuser") == Effect::kFailure);

  v.add_faulty("did:exec");
  CHECK(EstablishedOutcome::from_verdict(v, assignment()).error().code == "contradictory_verdict");
  v.clear_faulty();
  v.set_outcome(v1::OUTCOME_INCONCLUSIVE);
  CHECK(EstablishedOutcome::from_verdict(v, assignment()).error().code == "inconclusive");
  v.set_outcome(v1::OUTCOME_RESULT_CORRECT);
  v.set_arbiter("");
  CHECK(EstablishedOutcome::from_verdict(v, assignment()).error().code == "no_arbiter");
  v.set_arbiter("did:arb");
  v.set_job_id("sha256:other");
  CHECK(EstablishedOutcome::from_verdict(v, assignment()).error().code == "wrong_job");
}

TEST_CASE("a missed deadline is a failure only once the deadline has passed") {
  CHECK(EstablishedOutcome::from_missed_deadline(assignment(), kT0 + 999).error().code ==
        "deadline_not_passed");
  // Passed at now >= deadline, as in the lifecycle (which settles no_show at that instant).
  auto o = EstablishedOutcome::from_missed_deadline(assignment(), kT0 + 1000);
  REQUIRE(o);
  REQUIRE(o->effects().size() == 1);
  CHECK(effect_of(*o, "did:exec") == Effect::kFailure);
}

TEST_CASE("the book records established outcomes and decays them") {
  ReputationBook book;
  auto ok = EstablishedOutcome::from_quorum(
      assignment(), {reveal("did:v1", v1::VOTE_ACCEPT), reveal("did:v2", v1::VOTE_ACCEPT)}, 2);
  REQUIRE(ok);
  book.record(*ok, kT0, params());
  CHECK(book.at("did:exec", kT0, params()) == 550'000);
  CHECK(book.at("did:v3", kT0, params()) == 250'000);
  CHECK(book.at("did:exec", kT0 + kHalfLife, params()) == 525'000);
  CHECK(book.at("did:v3", kT0 + kHalfLife, params()) == 375'000);
  const auto scores = book.scores_at(kT0, params());
  CHECK(scores.size() == 4);
  CHECK(scores.at("did:v1") == 550'000);
  CHECK(book.stored().at("did:exec").ppm == 550'000);
  // A later failure applies after decay.
  auto late = EstablishedOutcome::from_missed_deadline(assignment(), kT0 + kHalfLife);
  REQUIRE(late);
  book.record(*late, kT0 + kHalfLife, params());
  CHECK(book.at("did:exec", kT0 + kHalfLife, params()) == 262'500);
}

TEST_CASE("without_executor drops only the executor's effect (an upheld failed run)") {
  auto o = EstablishedOutcome::from_quorum(
      assignment(), {reveal("did:v1", v1::VOTE_ACCEPT), reveal("did:v2", v1::VOTE_ACCEPT)}, 2);
  REQUIRE(o);
  CHECK(o->executor() == "did:exec");
  const EstablishedOutcome failed_run = o->without_executor();
  CHECK_FALSE(has_effect(failed_run, "did:exec"));
  CHECK(effect_of(failed_run, "did:v1") == Effect::kSuccess);
  CHECK(effect_of(failed_run, "did:v2") == Effect::kSuccess);
  CHECK(effect_of(failed_run, "did:v3") == Effect::kFailure);  // sampled, never revealed
  CHECK(failed_run.effects().size() == o->effects().size() - 1);
  CHECK(failed_run.job_id() == "sha256:job");
}

TEST_CASE("restore reloads a persisted book exactly") {
  ReputationBook book;
  auto ok = EstablishedOutcome::from_quorum(
      assignment(),
      {reveal("did:v1", v1::VOTE_ACCEPT), reveal("did:v2", v1::VOTE_REJECT),
       reveal("did:v3", v1::VOTE_ACCEPT)},
      2);
  REQUIRE(ok);
  book.record(*ok, kT0 + 12'345, params());
  ReputationBook reloaded;
  for (const auto& [did, score] : book.stored()) reloaded.restore(did, score);
  CHECK(reloaded.stored().size() == book.stored().size());
  for (const auto& [did, score] : book.stored()) {
    CHECK(reloaded.stored().at(did).ppm == score.ppm);
    CHECK(reloaded.stored().at(did).as_of == score.as_of);
    CHECK(reloaded.at(did, kT0 + kHalfLife, params()) == book.at(did, kT0 + kHalfLife, params()));
  }
  reloaded.restore("did:x", Score{2'000'000, kT0});  // clamped to 1.0
  CHECK(reloaded.stored().at("did:x").ppm == kOne);
}
