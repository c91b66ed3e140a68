#pragma once
// Reputation in [0,1] per DID, as fixed point (parts per million), changed ONLY by outcomes
// that validators or an arbiter established (EstablishedOutcome), and decaying toward the
// prior with a half-life. Integer arithmetic only (docs/economics.md, "Reputation").
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "proto/economics.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"

namespace icn::reputation {

namespace v1 = icnmesh::v1;

/// 1'000'000 ppm = reputation 1.0.
inline constexpr std::uint32_t kOne = 1'000'000U;
/// Decay is applied in steps of 1/16 half-life (each step multiplies the distance to the
/// prior by 2^(-1/16)).
inline constexpr std::uint32_t kDecayStepsPerHalfLife = 16;

/// A stored reputation: its value and the instant up to which decay has been applied.
struct Score {
  std::uint32_t ppm = 0;
  UnixMs as_of = 0;
};

/// A newcomer's reputation: reputation_prior_bp * 100, in ppm.
std::uint32_t prior_ppm(const v1::EconomicParams& params);

enum class Effect { kSuccess, kFailure };

struct SubjectEffect {
  std::string did;
  Effect effect = Effect::kSuccess;
};

/// An outcome established by the deciding quorum of sampled validators or by an arbiter's
/// verdict. It can only be built by the factories below, from the evidence of whoever
/// decided, so an executor's own report (its receipt) can never change reputation.
/// Signatures on the reveals/verdict are checked by the caller (envelopes) before this.
class EstablishedOutcome {
 public:
  /// From the revealed votes of the assignment's sampled validators, decided by the quorum
  /// rule (validation::decide with k = assignment.validators_size()): reveals from other
  /// DIDs, for other jobs, from the executor, or repeated are ignored. Accepted: the
  /// executor succeeds; rejected: it fails. Validators who voted with the result succeed,
  /// those against it and sampled validators that did not reveal fail.
  /// Errors: "invalid_quorum" (0), "no_quorum" (undecided), "inconclusive".
  static Expected<EstablishedOutcome> from_quorum(const v1::Assignment& assignment,
                                                  const std::vector<v1::ValidationReveal>& reveals,
                                                  std::uint32_t quorum);

  /// From an arbiter's verdict on a dispute about `assignment`: RESULT_CORRECT makes the
  /// executor succeed, RESULT_WRONG makes it fail; every DID in verdict.faulty fails.
  /// Errors: "wrong_job", "no_arbiter", "inconclusive" (no reputation change),
  /// "contradictory_verdict" (executor both correct and faulty).
  static Expected<EstablishedOutcome> from_verdict(const v1::Verdict& verdict,
                                                   const v1::Assignment& assignment);

  /// The assigned executor failed to deliver a receipt by the assignment's deadline: a public
  /// fact once the deadline has passed (now >= execution_deadline_unix_ms, as in the
  /// lifecycle) with no receipt recorded (the caller asserts the latter).
  /// Error "deadline_not_passed".
  static Expected<EstablishedOutcome> from_missed_deadline(const v1::Assignment& assignment,
                                                           UnixMs now);

  /// The same outcome without the executor's effect, for an upheld receipt of a failed run
  /// (trap, limit, timeout, error): the executor reported honestly but produced nothing of use,
  /// and the failure is the submitter's code or limits, so its reputation does not move; the
  /// validators' effects stay.
  EstablishedOutcome without_executor() const;

  const std::string& job_id() const { return job_id_; }
  const std::string& executor() const { return executor_; }
  /// Effects in a deterministic order (executor first, then others sorted by DID).
  const std::vector<SubjectEffect>& effects() const { return effects_; }

 private:
  EstablishedOutcome() = default;
  std::string job_id_;
  std::string executor_;
  std::vector<SubjectEffect> effects_;
};

/// Decays `score` toward the prior: the distance to the prior is halved for every
/// reputation_half_life_ms elapsed since score.as_of, in exact 1/16 half-life steps (a
/// partial step is carried in as_of, so frequent updates do not stop decay).
Score decayed(const Score& score, UnixMs now, const v1::EconomicParams& params);

/// Success moves the (decayed) reputation reputation_success_step_bp of the way to 1.0;
/// failure moves it reputation_failure_step_bp of the way to 0 (a larger step).
Score updated(const Score& score, Effect effect, UnixMs now, const v1::EconomicParams& params);

/// Every DID's reputation. The only way to change a stored score is record(), which takes an
/// EstablishedOutcome (restore() only reloads what stored() gave).
class ReputationBook {
 public:
  /// Reputation of `did` at `now` (the prior for unknown DIDs), in ppm.
  std::uint32_t at(const std::string& did, UnixMs now, const v1::EconomicParams& params) const;
  /// Applies every effect of `outcome` at `now`.
  void record(const EstablishedOutcome& outcome, UnixMs now, const v1::EconomicParams& params);
  /// Every known DID's reputation at `now` (for market::select_executor).
  std::map<std::string, std::uint32_t> scores_at(UnixMs now,
                                                 const v1::EconomicParams& params) const;
  /// Stored scores (before decay to any later instant), e.g. for snapshots and persistence.
  const std::map<std::string, Score>& stored() const { return scores_; }
  /// Loads one persisted score exactly as stored() gave it (for rebuilding a saved book only;
  /// every change of reputation goes through record()). The ppm is clamped to 1.0.
  void restore(const std::string& did, Score score);

 private:
  std::map<std::string, Score> scores_;
};

}  // namespace icn::reputation
