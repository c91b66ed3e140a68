// Randomized lifecycle test: many jobs, long random event sequences (honest progress mixed
// with duplicates, replays, out-of-order, late and illegal events, ticks advancing time),
// checking the machine's invariants after every step. Fixed-seed splitmix64, no std::
// distributions, so every run and platform sees the same sequences.
#include <doctest/doctest.h>

#include <array>
#include <map>
#include <set>

#include "lifecycle_fixture.hpp"
#include "protocol/economics/params.hpp"
#include "protocol/lifecycle/job_record.hpp"
#include "protocol/settlement/settlement.hpp"

namespace {

using icn::validation::QuorumDecision;
using lifecycle_test::fingerprint;

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for test generation.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// In [0, bound); the tiny modulo bias is irrelevant for test generation.
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }
};

const std::string kSubmitter = "did:s";
const std::vector<std::string> kExecutors = {"did:e0", "did:e1", "did:e2"};
const std::vector<std::string> kValidatorPool = {"did:v0", "did:v1", "did:v2", "did:v3", "did:v4"};
const std::vector<std::string> kStrangers = {"did:x", "did:s", "did:e0", "did:v0", ""};
const std::vector<std::string> kHashes = {"sha256:good", "sha256:bad", ""};
const std::string kArbiter = "did:arb";

struct GeneratedJob {
  lc::JobTerms terms;
};

lc::JobTerms random_terms(SplitMix64& rng, int index) {
  v1::JobSpec spec;
  spec.set_submitter(kSubmitter);
  spec.mutable_payment()->set_max_price(50 + rng.below(100));
  const std::uint32_t k = static_cast<std::uint32_t>(rng.below(5));  // 0..4
  spec.mutable_validation()->set_validators(k);
  spec.mutable_validation()->set_quorum(static_cast<std::uint32_t>(rng.below(k + 1)));
  spec.mutable_validation()->set_dispute_window_ms(rng.below(500));
  const std::uint64_t bid_window = 1 + rng.below(300);
  spec.mutable_deadlines()->set_bid_window_ms(bid_window);
  spec.mutable_deadlines()->set_execution_deadline_ms(bid_window + 1 + rng.below(1000));
  auto terms = lc::terms_from_spec(spec, "job-" + std::to_string(index), 10'000 + rng.below(5000));
  REQUIRE(terms.has_value());
  return *terms;
}

std::vector<std::string> random_validators(SplitMix64& rng, std::uint32_t k) {
  std::vector<std::string> pool = kValidatorPool;
  std::vector<std::string> out;
  for (std::uint32_t i = 0; i < k && !pool.empty(); ++i) {
    const auto at = rng.below(pool.size());
    out.push_back(pool[at]);
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(at));
  }
  return out;
}

v1::ExecStatus random_status(SplitMix64& rng) {
  const auto r = rng.below(100);
  if (r < 80) return v1::EXEC_OK;
  if (r < 88) return v1::EXEC_TRAP;
  if (r < 94) return v1::EXEC_ERROR;
  if (r < 97) return v1::EXEC_TIMEOUT;
  return v1::EXEC_STATUS_UNSPECIFIED;
}

/// An event that makes progress in the current phase (the honest path, with random choices).
lc::Event sensible_event(SplitMix64& rng, const lc::JobState& s, icn::UnixMs now) {
  const auto& t = s.terms;
  switch (s.phase) {
    case lc::Phase::none:
      return lc::Submit{t};
    case lc::Phase::submitted:
      if (rng.chance(5)) return lc::EscrowFailed{"no funds"};
      if (rng.chance(3)) return lc::Cancel{kSubmitter};
      return lc::EscrowLocked{};
    case lc::Phase::bidding: {
      if (!s.bids.empty() && rng.chance(35)) {
        const auto& [executor, bid] =
            *std::next(s.bids.begin(), static_cast<std::ptrdiff_t>(rng.below(s.bids.size())));
        return lc::Assign{executor, bid.price(), random_validators(rng, t.validators_k),
                          "sha256:bid-of-" + executor};
      }
      if (rng.chance(5)) return lc::BidWindowClosed{};
      if (rng.chance(2)) return lc::Cancel{kSubmitter};
      auto bid = lifecycle_test::make_bid(rng.pick(kExecutors), 1 + rng.below(t.max_price + 10),
                                          rng.chance(30) ? now + rng.below(400) : 0, t.job_id);
      return lc::BidReceived{bid};
    }
    case lc::Phase::assigned:
    case lc::Phase::executing: {
      if (s.phase == lc::Phase::assigned && rng.chance(50)) {
        return lc::ExecutionStarted{s.assignment->executor};
      }
      auto r = lifecycle_test::make_receipt(s.assignment->executor,
                                            rng.chance(70) ? "sha256:good" : "sha256:bad",
                                            random_status(rng));
      r.set_job_id(t.job_id);
      r.set_code_hash("sha256:code");
      r.set_input_hash("sha256:inputs");
      if (rng.chance(50)) r.set_output(std::string("out\0put", 7));
      return lc::ReceiptReceived{s.assignment->executor, r};
    }
    case lc::Phase::receipted:
    case lc::Phase::validating:
    case lc::Phase::decided:
    case lc::Phase::disputed: {
      const auto& validators = s.assignment->validators;
      if (s.phase == lc::Phase::disputed && rng.chance(30)) {
        const std::array<v1::Outcome, 3> outcomes = {
            v1::OUTCOME_RESULT_CORRECT, v1::OUTCOME_RESULT_WRONG, v1::OUTCOME_INCONCLUSIVE};
        const v1::Outcome outcome = outcomes[rng.below(3)];
        std::vector<std::string> faulty;
        if (outcome == v1::OUTCOME_RESULT_WRONG && rng.chance(50)) {
          faulty.push_back(s.assignment->executor);
        }
        if (!validators.empty() && rng.chance(30)) faulty.push_back(rng.pick(validators));
        return lc::VerdictIssued{kArbiter, outcome, "sha256:good", faulty};
      }
      if (s.phase != lc::Phase::disputed && rng.chance(8)) {
        std::vector<std::string> parties = {kSubmitter, s.assignment->executor};
        parties.insert(parties.end(), validators.begin(), validators.end());
        const std::array<v1::DisputeReason, 3> reasons = {
            v1::DISPUTE_WRONG_RESULT, v1::DISPUTE_RESOURCE_OVERUSE, v1::DISPUTE_LATE_DELIVERY};
        return lc::DisputeOpened{rng.pick(parties), reasons[rng.below(3)], "sha256:bad"};
      }
      if (validators.empty() || rng.chance(15)) return lc::Tick{};
      const auto& v = rng.pick(validators);
      if (rng.chance(30)) return lc::VoteCommitted{v};
      const bool accept = rng.chance(65);
      return lc::VoteReceived{v, accept ? v1::VOTE_ACCEPT : v1::VOTE_REJECT,
                              accept ? s.receipt->output_hash : "sha256:other"};
    }
    case lc::Phase::settled:
      return lc::Tick{};
  }
  return lc::Tick{};
}

/// Any event at all, with parameters drawn from small pools (often illegal or misdirected).
lc::Event noise_event(SplitMix64& rng, const lc::JobState& s, icn::UnixMs now) {
  const auto& t = s.terms;
  switch (rng.below(14)) {
    case 0: {
      auto other = t;
      if (rng.chance(50)) other.max_price += 1;
      return lc::Submit{other};
    }
    case 1:
      return lc::EscrowLocked{};
    case 2:
      return lc::EscrowFailed{"noise"};
    case 3:
      return lc::BidReceived{lifecycle_test::make_bid(rng.pick(kStrangers), rng.below(300),
                                                      rng.chance(50) ? now + rng.below(100) : 0,
                                                      rng.chance(90) ? t.job_id : "job-other")};
    case 4:
      return lc::BidWindowClosed{};
    case 5:
      return lc::Assign{rng.pick(kExecutors), rng.below(200),
                        random_validators(rng, static_cast<std::uint32_t>(rng.below(5)))};
    case 6:
      return lc::ExecutionStarted{rng.pick(kStrangers)};
    case 7: {
      const std::string from = rng.pick(kExecutors);
      auto r = lifecycle_test::make_receipt(rng.chance(80) ? from : rng.pick(kStrangers),
                                            rng.pick(kHashes), random_status(rng));
      r.set_job_id(rng.chance(90) ? t.job_id : "job-other");
      return lc::ReceiptReceived{from, r};
    }
    case 8:
      return lc::VoteCommitted{rng.pick(kValidatorPool)};
    case 9:
      return lc::VoteReceived{rng.pick(kValidatorPool), static_cast<v1::Vote>(rng.below(3)),
                              rng.pick(kHashes)};
    case 10:
      return lc::DisputeOpened{rng.pick(rng.chance(50) ? kStrangers : kValidatorPool),
                               v1::DISPUTE_WRONG_RESULT, rng.pick(kHashes)};
    case 11:
      return lc::VerdictIssued{rng.chance(90) ? kArbiter : "",
                               static_cast<v1::Outcome>(rng.below(4))};
    case 12:
      return lc::Cancel{rng.pick(kStrangers)};
    default:
      return lc::Tick{};
  }
}

/// A ledger as the job's settlement finds it: the escrow locked when the lifecycle saw the lock,
/// bonds for every executor and validator, and a dispute bond for every possible opener.
icn::ledger::LedgerState ledger_for(const lc::JobState& s) {
  auto ledger = icn::ledger::make_state(icn::ledger::Genesis{"did:authority"});
  if (s.escrow_locked) {
    ledger.escrows[s.terms.job_id] = icn::ledger::Escrow{
        kSubmitter, s.terms.max_price + s.terms.validator_fee_budget + s.terms.dispute_reserve,
        false, 0};
  }
  for (const auto& e : kExecutors) ledger.accounts[e].bonds[{v1::BOND_EXECUTOR, ""}] = 1000;
  for (const auto& v : kValidatorPool) ledger.accounts[v].bonds[{v1::BOND_VALIDATOR, ""}] = 500;
  for (const auto& did :
       {kSubmitter, kExecutors[0], kExecutors[1], kExecutors[2], kValidatorPool[0],
        kValidatorPool[1], kValidatorPool[2], kValidatorPool[3], kValidatorPool[4]}) {
    ledger.accounts[did].bonds[{v1::BOND_DISPUTE, s.terms.job_id}] = 20;
  }
  return ledger;
}

struct JobTally {
  int pay_executor = 0, refund = 0, notify = 0, slash_no_show = 0, slash_executor = 0;
};

struct RunStats {
  std::uint64_t steps = 0, accepted = 0, rejected = 0, no_ops = 0, records = 0,
                settlements_planned = 0;
  std::map<lc::Resolution, int> resolutions;
  std::map<std::string, int> rejection_codes;
  std::set<std::string> effect_kinds;
};

/// Runs one job through `events_per_job` random events, then a tick past every deadline,
/// checking every invariant on the way. Returns the final state's fingerprint.
std::string run_job(std::uint64_t seed, int index, int events_per_job, RunStats& stats,
                    std::set<std::string>& all_effect_ids) {
  SplitMix64 rng{seed};
  lifecycle_test::Driver d;
  const lc::JobTerms terms = random_terms(rng, index);
  d.state.terms = terms;  // the generator reads the terms before Submit; Submit sets them too
  icn::UnixMs now = terms.submitted_at;
  const icn::UnixMs span = lc::final_deadline(terms) - terms.submitted_at;
  std::vector<lc::Event> history;
  JobTally tally;
  std::string terminal_fingerprint;

  auto apply_checked = [&](const lc::Event& event) {
    const std::string before = fingerprint(d.state);
    // next_deadline is honest: before it, a Tick changes nothing.
    const auto due = lc::next_deadline(d.state);
    if (due && now < *due) {
      lc::Transition idle = lc::step(d.state, lc::Tick{}, now);
      REQUIRE(idle.effects.empty());
      REQUIRE(fingerprint(idle.state) == before);
    }
    const bool was_terminal = lc::is_terminal(d.state);
    lc::Transition t = lc::step(d.state, event, now);
    ++stats.steps;
    INFO("job " << index << " event " << lc::event_name(event) << " at " << now << " in phase "
                << lc::to_string(d.state.phase));
    for (const auto& e : t.effects) {
      const std::string id = lc::effect_id(e);
      REQUIRE_MESSAGE(all_effect_ids.insert(id).second, "effect emitted twice: " << id);
      REQUIRE(t.state.emitted.count(id) == 1);
      stats.effect_kinds.insert(std::string(lc::effect_kind(e)));
      if (std::holds_alternative<lc::PayExecutor>(e)) ++tally.pay_executor;
      if (std::holds_alternative<lc::Refund>(e)) ++tally.refund;
      if (std::holds_alternative<lc::NotifyParties>(e)) ++tally.notify;
      if (const auto* s = std::get_if<lc::SlashExecutor>(&e)) {
        ++tally.slash_executor;
        if (s->fault == lc::ExecutorFault::no_show) ++tally.slash_no_show;
      }
    }
    if (was_terminal) {
      REQUIRE(t.effects.empty());
      REQUIRE(fingerprint(t.state) == before);
    } else if (lc::is_terminal(t.state)) {
      // The settling step's effects plan cleanly, and the release divides the whole escrow.
      const auto ledger = ledger_for(t.state);
      const auto plan = icn::settlement::plan_settlement(t.state, t.effects, ledger,
                                                         icn::economics::default_economic_params());
      INFO((plan ? std::string() : plan.error().code + ": " + plan.error().message));
      REQUIRE(plan);
      if (t.state.escrow_locked) {
        REQUIRE_FALSE(plan->empty());
        std::uint64_t sum = 0;
        for (const auto& p : plan->front().tx.escrow_release().payouts()) sum += p.amount();
        REQUIRE(sum == ledger.escrows.at(t.state.terms.job_id).amount);
        ++stats.settlements_planned;
      }
    }
    if (!t.accepted()) {
      ++stats.rejected;
      ++stats.rejection_codes[t.rejection->code];
      REQUIRE_FALSE(t.rejection->code.empty());
      if (t.rejection->code != lc::reject::equivocation) {
        REQUIRE(fingerprint(t.state) == before);
        REQUIRE(t.effects.empty());
      }
    } else {
      ++stats.accepted;
      if (t.effects.empty() && fingerprint(t.state) == before) ++stats.no_ops;
    }
    // Phase and outcome agree: terminal iff an outcome is set.
    REQUIRE((t.state.phase == lc::Phase::settled) == (t.state.outcome != lc::Outcome::none));
    // Every reachable state survives persistence exactly (through the wire bytes).
    {
      v1::JobRecord parsed;
      REQUIRE(parsed.ParseFromString(lc::to_record(t.state).SerializeAsString()));
      const auto restored = lc::from_record(parsed);
      INFO((restored ? std::string() : restored.error().message));
      REQUIRE(restored);
      REQUIRE(*restored == t.state);
      ++stats.records;
    }
    d.state = t.state;
    if (t.accepted()) {
      // Idempotence: the same event again at the same instant is an accepted no-op.
      const std::string after = fingerprint(d.state);
      lc::Transition again = lc::step(d.state, event, now);
      ++stats.steps;
      REQUIRE(again.accepted());
      REQUIRE(again.effects.empty());
      REQUIRE(fingerprint(again.state) == after);
    }
    history.push_back(event);
  };

  apply_checked(lc::Submit{terms});
  for (int i = 0; i < events_per_job; ++i) {
    const auto r = rng.below(100);
    // time moves on: mostly small steps, sometimes big jumps
    if (r < 60) {
      now += rng.below(span / 40 + 1);
    } else if (r < 70) {
      now += rng.below(span / 6 + 1);
    }
    lc::Event event;
    const auto kind = rng.below(100);
    if (kind < 60) {
      event = sensible_event(rng, d.state, now);
    } else if (kind < 75) {
      event = noise_event(rng, d.state, now);
    } else if (kind < 88 && !history.empty()) {
      event = rng.pick(history);  // duplicate / replay / out of order
    } else {
      event = lc::Tick{};
    }
    apply_checked(event);
    if (lc::is_terminal(d.state) && terminal_fingerprint.empty()) {
      terminal_fingerprint = fingerprint(d.state);
    }
  }
  // All deadlines (+ grace) pass: the job must be settled.
  now = std::max(now, lc::final_deadline(terms)) + 1 + rng.below(1000);
  apply_checked(lc::Tick{});
  REQUIRE(lc::is_terminal(d.state));
  if (!terminal_fingerprint.empty()) REQUIRE(fingerprint(d.state) == terminal_fingerprint);
  // And stays settled: a few more random events change nothing.
  for (int i = 0; i < 3; ++i) apply_checked(noise_event(rng, d.state, now));

  const auto& s = d.state;
  ++stats.resolutions[s.resolution];
  INFO("job " << index << " resolution " << lc::to_string(s.resolution));
  REQUIRE(tally.notify == 1);
  REQUIRE(tally.refund <= 1);
  REQUIRE(tally.pay_executor <= 1);
  REQUIRE_FALSE((tally.pay_executor == 1 && tally.slash_no_show > 0));
  REQUIRE_FALSE((tally.pay_executor == 1 && tally.slash_executor > 0));
  REQUIRE((tally.pay_executor == 1) == (s.outcome == lc::Outcome::completed));
  if (s.escrow_locked) REQUIRE(tally.refund == 1);  // every locked escrow is released once
  if (s.resolution == lc::Resolution::no_show) REQUIRE(tally.slash_no_show == 1);
  if (s.resolution == lc::Resolution::execution_failed) {
    // An upheld failed run: nobody is paid for the run and nobody is slashed for it.
    REQUIRE(tally.pay_executor == 0);
    REQUIRE(tally.slash_executor == 0);
    REQUIRE(s.receipt.has_value());
    REQUIRE_FALSE(lc::receipt_pays_executor(*s.receipt));
  }
  if (s.outcome == lc::Outcome::completed) REQUIRE(lc::receipt_pays_executor(*s.receipt));
  return fingerprint(s);
}

}  // namespace

TEST_CASE("randomized: 10000 jobs x 50 events keep every lifecycle invariant") {
  constexpr int kJobs = 10'000;
  constexpr int kEventsPerJob = 50;
  RunStats stats;
  std::set<std::string> all_effect_ids;
  SplitMix64 seeds{0x1C0FFEEULL};
  std::vector<std::uint64_t> job_seeds;
  for (int j = 0; j < kJobs; ++j) job_seeds.push_back(seeds.next());

  std::vector<std::string> finals;
  for (int j = 0; j < kJobs; ++j) {
    finals.push_back(run_job(job_seeds[j], j, kEventsPerJob, stats, all_effect_ids));
  }

  // Determinism: replaying a job's seed gives exactly the same final state.
  for (int j = 0; j < 200; ++j) {
    RunStats again;
    std::set<std::string> ids;
    CHECK(run_job(job_seeds[j], j, kEventsPerJob, again, ids) == finals[j]);
  }

  MESSAGE("steps " << stats.steps << ", accepted " << stats.accepted << " (no-ops " << stats.no_ops
                   << "), rejected " << stats.rejected << ", effects " << all_effect_ids.size()
                   << ", job records round-tripped " << stats.records << ", settlements planned "
                   << stats.settlements_planned);
  for (const auto& [resolution, n] : stats.resolutions) {
    MESSAGE("  " << lc::to_string(resolution) << ": " << n);
  }
  for (const auto& [code, n] : stats.rejection_codes) MESSAGE("  rejected " << code << ": " << n);

  // The generator must actually reach every ending and exercise the guards.
  const std::vector<lc::Resolution> expected = {
      lc::Resolution::escrow_failed,    lc::Resolution::no_bids,
      lc::Resolution::not_assigned,     lc::Resolution::cancelled,
      lc::Resolution::no_show,          lc::Resolution::execution_failed,
      lc::Resolution::validated,        lc::Resolution::rejected_by_validators,
      lc::Resolution::inconclusive,     lc::Resolution::arbitrated_correct,
      lc::Resolution::arbitrated_wrong, lc::Resolution::arbitrated_inconclusive};
  for (auto r : expected) {
    INFO("resolution " << lc::to_string(r));
    CHECK(stats.resolutions[r] > 0);
  }
  CHECK(stats.resolutions[lc::Resolution::none] == 0);
  for (const char* code : {"illegal_transition", "too_late", "not_assigned_executor",
                           "not_assigned_validator", "equivocation", "duplicate", "wrong_job"}) {
    INFO("rejection " << code);
    CHECK(stats.rejection_codes[code] > 0);
  }
  for (const char* kind : {"pay_executor", "pay_validators", "slash_validators", "slash_accuser",
                           "reward_whistleblower", "report_equivocation", "request_selection"}) {
    INFO("effect " << kind);
    CHECK(stats.effect_kinds.count(kind) == 1);
  }
}
