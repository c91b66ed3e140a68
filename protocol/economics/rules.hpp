#pragma once
// The economic rules: each rule is ONE function here, computing amounts and who receives
// them. The ledger (protocol/ledger/) applies the resulting transactions; nothing here
// touches balances. Formulas, defaults and reasoning: docs/economics.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/economics.pb.h"
#include "proto/job.pb.h"
#include "proto/ledger.pb.h"
#include "proto/validation.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"

namespace icn::economics {

namespace v1 = icnmesh::v1;

// ---------------------------------------------------------------------------------------
// Escrow and settlement

/// The submitter locks max_price + validator_fee_budget + dispute_reserve at submission
/// (error "overflow" if the sum does not fit in 64 bits).
Expected<std::uint64_t> submitter_escrow(const v1::Payment& payment);

/// How a job ended, as established by validators or an arbiter (never by the executor).
enum class JobResult {
  kAccepted,      ///< the receipt stands (quorum accepted, or verdict RESULT_CORRECT)
  kRejected,      ///< the receipt is wrong (quorum rejected, or verdict RESULT_WRONG)
  kInconclusive,  ///< no evidence either way (verdict INCONCLUSIVE): refund, no slash
  kNotDelivered,  ///< no receipt by the deadline, or the job was cancelled/never assigned
  /// The receipt of a failed run (trap, limit, timeout, error) was upheld: validators who
  /// voted with the outcome are paid for checking it, the executor is not paid.
  kExecutionFailed,
};

/// Maps a verdict's outcome; error "invalid_outcome" for OUTCOME_UNSPECIFIED.
Expected<JobResult> job_result_from(v1::Outcome outcome);

/// What settle_escrow needs to know.
struct SettlementInput {
  std::string payer;                 ///< submitter: receives the refund
  std::string executor;              ///< assigned executor (may be empty if never assigned)
  std::uint64_t escrow = 0;          ///< amount actually locked for the job
  v1::Payment payment;               ///< the spec's payment (caps for price, fees, reserve)
  std::uint64_t accepted_price = 0;  ///< the accepted bid's price (<= payment.max_price)
  JobResult result = JobResult::kNotDelivered;
  /// Validators whose revealed vote matched the final result (duplicates are ignored).
  std::vector<std::string> validators_with_outcome;
  /// The arbiter who decided a dispute, if there was one.
  std::optional<std::string> arbiter;
};

/// Releases the whole escrow: the executor gets accepted_price only when the result is
/// accepted, validators who voted with the outcome share the fee budget equally (for every
/// result but kNotDelivered), the
/// arbiter (if any) gets arbiter_fee(dispute_reserve), and everything else, including every
/// integer-division remainder, is refunded to the payer, so the payouts sum EXACTLY to the
/// escrow. Zero-amount payouts are omitted; order: executor, validators (sorted by DID),
/// arbiter, refund. Errors: "price_above_max", "escrow_short" (escrow below
/// max_price + fee budget + reserve), "invalid_settlement" (missing payer/executor).
Expected<std::vector<v1::Payout>> settle_escrow(const SettlementInput& input,
                                                const v1::EconomicParams& params);

/// Each of `validators` receives floor(budget / validators) of the fee budget; the
/// remainder (all of it when there are no validators) goes back to the submitter.
struct FeeSplit {
  std::uint64_t per_validator = 0;
  std::uint64_t remainder = 0;
};
FeeSplit validator_fee_split(std::uint64_t fee_budget, std::size_t validators);

/// The arbiter who decides a dispute is paid arbiter_fee_bp_of_reserve of the dispute
/// reserve; the rest of the reserve is refunded.
std::uint64_t arbiter_fee(std::uint64_t dispute_reserve, const v1::EconomicParams& params);

// ---------------------------------------------------------------------------------------
// Slashes (each: an amount taken from the named bond; never more than the bond)

/// An executor whose result validators or an arbiter found wrong loses
/// slash_wrong_result_bp of its bond.
std::uint64_t slash_executor_wrong_result(std::uint64_t bond, const v1::EconomicParams& params);

/// An executor that did not deliver a receipt by the deadline after being assigned loses
/// slash_no_show_bp of its bond.
std::uint64_t slash_executor_no_show(std::uint64_t bond, const v1::EconomicParams& params);

/// An executor whose metered usage exceeded the resources it declared in its bid loses
/// slash_resource_overuse_bp of its bond.
std::uint64_t slash_executor_resource_overuse(std::uint64_t bond, const v1::EconomicParams& params);

/// A validator that revealed a vote against the final correct outcome loses
/// slash_validator_wrong_vote_bp of its bond.
std::uint64_t slash_validator_wrong_vote(std::uint64_t bond, const v1::EconomicParams& params);

/// A sampled validator that committed (or was assigned) but did not reveal in time loses
/// slash_validator_no_reveal_bp of its bond.
std::uint64_t slash_validator_no_reveal(std::uint64_t bond, const v1::EconomicParams& params);

/// An accuser whose dispute is decided against it loses slash_griefing_bp of its dispute
/// bond (griefing costs the accused and the arbiter time).
std::uint64_t slash_griefing(std::uint64_t dispute_bond, const v1::EconomicParams& params);

/// Whoever opens a dispute must bond max(dispute_min_bond, price * dispute_bond_bp_of_price
/// / 10000).
std::uint64_t required_dispute_bond(std::uint64_t price, const v1::EconomicParams& params);

/// The bond an executor must have to bid on `spec`: max(spec.placement.min_executor_bond,
/// params.executor_min_bond).
std::uint64_t required_executor_bond(const v1::JobSpec& spec, const v1::EconomicParams& params);

/// Where a slashed amount goes.
struct SlashSplit {
  std::vector<v1::SlashShare> shares;  ///< whistleblower first, then harmed party
  std::uint64_t burned = 0;
};

/// A slashed amount pays whistleblower_reward_bp to whoever exposed the fraud (none when
/// the whistleblower is the slashed account itself), then slash_redistribute_bp of the rest
/// to the harmed party; the remainder is burned. shares + burned == amount exactly.
SlashSplit split_slash(std::uint64_t amount, const std::string& slashed_account,
                       const std::optional<std::string>& whistleblower,
                       const std::optional<std::string>& harmed, const v1::EconomicParams& params);

/// A ready-to-apply v1::Slash: amount, split_slash shares, disposition REDISTRIBUTE when
/// anyone receives a share and BURN otherwise. Slash.job_id names the ledger's bond slot, so
/// it is set only for BOND_DISPUTE (role bonds are per account); for a role bond the job goes
/// into the reason instead: "<reason> (job <job_id>)".
v1::Slash make_slash(const std::string& account, v1::BondRole role, std::uint64_t amount,
                     const std::string& job_id, const std::string& reason,
                     const std::optional<std::string>& whistleblower,
                     const std::optional<std::string>& harmed, const v1::EconomicParams& params);

// ---------------------------------------------------------------------------------------
// Regeneration

/// The regeneration period `now` falls in: now / regen_period_ms (one credit per account
/// per period index).
std::uint64_t regeneration_period_index(UnixMs now, const v1::EconomicParams& params);

/// An account with at least regen_min_bond bonded regenerates min(regen_per_period,
/// regen_cap - free_balance) per period, and nothing once its free balance reaches the cap
/// or when its bond is below the minimum (anti-sybil: docs/economics.md, "Regeneration").
std::uint64_t regeneration_amount(std::uint64_t free_balance, std::uint64_t bonded,
                                  const v1::EconomicParams& params);

/// Periods of regeneration needed to earn back one identity's regen_min_bond:
/// ceil(regen_min_bond / regen_per_period) (UINT64_MAX when nothing regenerates).
std::uint64_t regeneration_payback_periods(const v1::EconomicParams& params);

// ---------------------------------------------------------------------------------------
// Deterrence

/// Probability (ppm) that at least one of k sampled validators is honest, when a share
/// `colluding_bp` of validators colludes with a cheater: 1 - (colluding)^k, rounded down
/// (conservative).
std::uint32_t detection_probability_ppm(std::uint32_t k, std::uint32_t colluding_bp);

/// Cheating is unprofitable when the expected slash, slash_executor_wrong_result(bond) x
/// detection probability, exceeds the most cheating can gain, the price (the executor
/// saves at most its computing cost, which an honest bid keeps below the price).
bool cheating_unprofitable(const v1::EconomicParams& params, std::uint64_t price,
                           std::uint64_t bond, std::uint32_t detection_probability_ppm);

/// The largest price for which cheating_unprofitable holds with this bond (0 if none).
std::uint64_t max_deterred_price(const v1::EconomicParams& params, std::uint64_t bond,
                                 std::uint32_t detection_probability_ppm);

/// The validators a job samples: spec.validation.validators, or params.validator_sample_k
/// when the spec asks for 0.
std::uint32_t validators_for(const v1::JobSpec& spec, const v1::EconomicParams& params);

}  // namespace icn::economics
