#include "protocol/reputation/reputation.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "protocol/economics/fixed_point.hpp"
#include "protocol/validation/quorum.hpp"

namespace icn::reputation {

namespace {

// 2^(-j/16) in parts per billion, j = 0..15 (rounded to nearest; python: round(2**(-j/16)*1e9)).
constexpr std::array<std::uint64_t, kDecayStepsPerHalfLife> kDecayTable = {
    1000000000, 957603281, 917004043, 878126080, 840896415, 805245166, 771105413, 738413073,
    707106781,  677127773, 648419777, 620928906, 594603558, 569394317, 545253866, 522136891};

std::uint64_t clamp_bp(std::uint64_t bp) {
  return std::min<std::uint64_t>(bp, 10000);
}

// Orders effects: executor first, the rest sorted by DID; a DID appears once (failure wins).
std::vector<SubjectEffect> ordered(const std::string& executor,
                                   const std::map<std::string, Effect>& effects) {
  std::vector<SubjectEffect> out;
  if (auto it = effects.find(executor); it != effects.end()) out.push_back({it->first, it->second});
  for (const auto& [did, effect] : effects) {
    if (did != executor) out.push_back({did, effect});
  }
  return out;
}

void note(std::map<std::string, Effect>& effects, const std::string& did, Effect effect) {
  if (did.empty()) return;
  auto [it, inserted] = effects.emplace(did, effect);
  if (!inserted && effect == Effect::kFailure) it->second = Effect::kFailure;
}

}  // namespace

std::uint32_t prior_ppm(const v1::EconomicParams& params) {
  return static_cast<std::uint32_t>(clamp_bp(params.reputation_prior_bp()) * 100);
}

Expected<EstablishedOutcome> EstablishedOutcome::from_quorum(
    const v1::Assignment& assignment, const std::vector<v1::ValidationReveal>& reveals,
    std::uint32_t quorum) {
  if (quorum == 0) return fail("invalid_quorum", "quorum is 0; at least one vote must decide");
  const auto& sampled = assignment.validators();
  std::set<std::string> revealed;
  std::vector<validation::VoteRecord> votes;
  for (const auto& reveal : reveals) {
    if (reveal.job_id() != assignment.job_id()) continue;
    if (reveal.validator() == assignment.executor()) continue;
    if (std::find(sampled.begin(), sampled.end(), reveal.validator()) == sampled.end()) continue;
    if (!revealed.insert(reveal.validator()).second) continue;  // the first reveal counts
    votes.push_back({reveal.validator(), reveal.vote(), reveal.output_hash()});
  }
  const auto k = static_cast<std::uint32_t>(sampled.size());
  const validation::QuorumDecision decision = validation::decide(votes, k, quorum);
  if (decision == validation::QuorumDecision::undecided) {
    return fail("no_quorum",
                "job " + assignment.job_id() + ": the revealed votes decide nothing yet");
  }
  if (decision == validation::QuorumDecision::inconclusive) {
    return fail("inconclusive", "job " + assignment.job_id() +
                                    ": the votes are inconclusive; reputation unchanged");
  }
  std::map<std::string, Effect> effects;
  note(effects, assignment.executor(),
       decision == validation::QuorumDecision::accepted ? Effect::kSuccess : Effect::kFailure);
  const validation::VoteSplit split = validation::split_votes(votes, decision);
  for (const auto& did : split.with_outcome) note(effects, did, Effect::kSuccess);
  for (const auto& did : split.against_outcome) note(effects, did, Effect::kFailure);
  for (const auto& did : sampled) {
    if (did != assignment.executor() && revealed.count(did) == 0) {
      note(effects, did, Effect::kFailure);
    }
  }
  EstablishedOutcome outcome;
  outcome.job_id_ = assignment.job_id();
  outcome.executor_ = assignment.executor();
  outcome.effects_ = ordered(assignment.executor(), effects);
  return outcome;
}

Expected<EstablishedOutcome> EstablishedOutcome::from_verdict(const v1::Verdict& verdict,
                                                              const v1::Assignment& assignment) {
  if (verdict.job_id() != assignment.job_id()) {
    return fail("wrong_job",
                "verdict is for job " + verdict.job_id() + ", not " + assignment.job_id());
  }
  if (verdict.arbiter().empty()) return fail("no_arbiter", "verdict names no arbiter");
  const auto& faulty = verdict.faulty();
  const bool executor_faulty =
      std::find(faulty.begin(), faulty.end(), assignment.executor()) != faulty.end();
  std::map<std::string, Effect> effects;
  switch (verdict.outcome()) {
    case v1::OUTCOME_RESULT_CORRECT:
      if (executor_faulty) {
        return fail("contradictory_verdict",
                    "verdict finds the result correct but the executor at fault");
      }
      note(effects, assignment.executor(), Effect::kSuccess);
      break;
    case v1::OUTCOME_RESULT_WRONG:
      note(effects, assignment.executor(), Effect::kFailure);
      break;
    case v1::OUTCOME_INCONCLUSIVE:
      return fail("inconclusive", "inconclusive verdict; reputation unchanged");
    default:
      return fail("invalid_outcome", "verdict outcome is unspecified");
  }
  for (const auto& did : faulty) note(effects, did, Effect::kFailure);
  EstablishedOutcome outcome;
  outcome.job_id_ = assignment.job_id();
  outcome.executor_ = assignment.executor();
  outcome.effects_ = ordered(assignment.executor(), effects);
  return outcome;
}

Expected<EstablishedOutcome> EstablishedOutcome::from_missed_deadline(
    const v1::Assignment& assignment, UnixMs now) {
  if (now < assignment.execution_deadline_unix_ms()) {
    return fail("deadline_not_passed", "job " + assignment.job_id() + ": the execution deadline " +
                                           std::to_string(assignment.execution_deadline_unix_ms()) +
                                           " has not passed at " + std::to_string(now));
  }
  if (assignment.executor().empty()) return fail("no_executor", "assignment names no executor");
  EstablishedOutcome outcome;
  outcome.job_id_ = assignment.job_id();
  outcome.executor_ = assignment.executor();
  outcome.effects_ = {SubjectEffect{assignment.executor(), Effect::kFailure}};
  return outcome;
}

EstablishedOutcome EstablishedOutcome::without_executor() const {
  EstablishedOutcome out = *this;
  out.effects_.erase(std::remove_if(out.effects_.begin(), out.effects_.end(),
                                    [&](const SubjectEffect& e) { return e.did == executor_; }),
                     out.effects_.end());
  return out;
}

Score decayed(const Score& score, UnixMs now, const v1::EconomicParams& params) {
  if (now <= score.as_of) return score;
  const std::uint64_t step_ms =
      std::max<std::uint64_t>(1, params.reputation_half_life_ms() / kDecayStepsPerHalfLife);
  const std::uint64_t steps = (now - score.as_of) / step_ms;
  if (steps == 0) return score;  // the partial step stays pending in as_of
  const std::uint32_t prior = prior_ppm(params);
  const bool above = score.ppm >= prior;
  std::uint64_t distance = above ? score.ppm - prior : prior - score.ppm;
  const std::uint64_t halvings = steps / kDecayStepsPerHalfLife;
  distance = halvings >= 32 ? 0 : distance >> halvings;
  distance = distance * kDecayTable[steps % kDecayStepsPerHalfLife] / economics::kPpbOne;
  Score out;
  out.ppm = static_cast<std::uint32_t>(above ? prior + distance : prior - distance);
  // Advance only by whole steps (saturating), so the remainder still counts next time.
  out.as_of = steps > (UINT64_MAX - score.as_of) / step_ms ? now : score.as_of + steps * step_ms;
  return out;
}

Score updated(const Score& score, Effect effect, UnixMs now, const v1::EconomicParams& params) {
  Score s = decayed(score, now, params);  // a pending partial decay step stays in as_of
  const std::uint64_t ppm = std::min<std::uint64_t>(s.ppm, kOne);
  if (effect == Effect::kSuccess) {
    s.ppm = static_cast<std::uint32_t>(
        ppm + economics::bp_share(kOne - ppm, clamp_bp(params.reputation_success_step_bp())));
  } else {
    s.ppm = static_cast<std::uint32_t>(
        ppm - economics::bp_share(ppm, clamp_bp(params.reputation_failure_step_bp())));
  }
  return s;
}

std::uint32_t ReputationBook::at(const std::string& did, UnixMs now,
                                 const v1::EconomicParams& params) const {
  const auto it = scores_.find(did);
  if (it == scores_.end()) return prior_ppm(params);
  return decayed(it->second, now, params).ppm;
}

void ReputationBook::record(const EstablishedOutcome& outcome, UnixMs now,
                            const v1::EconomicParams& params) {
  for (const auto& effect : outcome.effects()) {
    auto it = scores_.find(effect.did);
    const Score current = it == scores_.end() ? Score{prior_ppm(params), now} : it->second;
    scores_[effect.did] = updated(current, effect.effect, now, params);
  }
}

void ReputationBook::restore(const std::string& did, Score score) {
  score.ppm = std::min(score.ppm, kOne);
  scores_[did] = score;
}

std::map<std::string, std::uint32_t> ReputationBook::scores_at(
    UnixMs now, const v1::EconomicParams& params) const {
  std::map<std::string, std::uint32_t> out;
  for (const auto& [did, score] : scores_) out.emplace(did, decayed(score, now, params).ppm);
  return out;
}

}  // namespace icn::reputation
