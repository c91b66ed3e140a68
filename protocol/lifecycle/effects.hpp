#pragma once
// Instructions the job machine gives its caller. The machine decides who and why; the caller
// carries them out (messages, ledger transactions) and computes amounts with
// protocol/economics. Each effect has a deterministic id, so a caller that restarts and
// replays events can skip effects it already carried out.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "proto/market.pb.h"
#include "protocol/core/time.hpp"
#include "protocol/lifecycle/phase.hpp"

namespace icn::lifecycle {

namespace v1 = icnmesh::v1;

enum class ExecutorFault : std::uint8_t { wrong_result, no_show, resource_overuse };
enum class ValidatorFault : std::uint8_t { wrong_vote, no_reveal };
std::string_view to_string(ExecutorFault fault);
std::string_view to_string(ValidatorFault fault);

/// Lock the submitter's escrow: max_price + validator_fee_budget + dispute_reserve (the
/// ledger/economics compute the sum); answer with EscrowLocked or EscrowFailed.
struct LockEscrow {
  std::string job_id, submitter;
  std::uint64_t max_price = 0, validator_fee_budget = 0, dispute_reserve = 0;
};
/// Announce the job to candidate executors.
struct AnnounceJob {
  std::string job_id;
  UnixMs bid_deadline = 0, execution_deadline = 0;
};
/// Bidding closed: choose an executor among these still-valid bids (ordered by executor DID)
/// and sample validators, then feed an Assign event.
struct RequestSelection {
  std::string job_id;
  std::vector<v1::Bid> bids;
};
/// Tell the chosen executor (and the validators) about the assignment.
struct SendAssignment {
  std::string job_id, executor;
  std::uint64_t price = 0;
  std::vector<std::string> validators;
  UnixMs execution_deadline = 0;
};
/// Ask the sampled validators to re-execute and vote on `output_hash`.
struct RequestValidation {
  std::string job_id;
  std::vector<std::string> validators;
  std::string output_hash;
  UnixMs validation_deadline = 0;
};
/// Pay the executor its accepted price from escrow.
struct PayExecutor {
  std::string job_id, executor;
  std::uint64_t price = 0;
};
/// Share the validator fee among these validators (they voted with the outcome).
struct PayValidators {
  std::string job_id;
  std::vector<std::string> validators;
};
/// Pay the arbiter's fee from the dispute reserve.
struct PayArbiter {
  std::string job_id, arbiter;
};
/// Return whatever escrow is still held for the job to the submitter (at most once per job;
/// after the payments of the same settlement, so it is "the remainder").
struct Refund {
  std::string job_id, submitter;
};
/// Slash the executor's bond for `fault`; `price` is the accepted price (0 if none).
struct SlashExecutor {
  std::string job_id, executor;
  ExecutorFault fault = ExecutorFault::wrong_result;
  std::uint64_t price = 0;
};
/// Slash these validators' bonds for `fault`.
struct SlashValidators {
  std::string job_id;
  std::vector<std::string> validators;
  ValidatorFault fault = ValidatorFault::wrong_vote;
};
/// The dispute opener lost: slash its dispute bond (griefing).
struct SlashAccuser {
  std::string job_id, accuser;
};
/// The dispute opener did not lose: return its dispute bond.
struct ReturnDisputeBond {
  std::string job_id, opener;
};
/// The dispute opener won: reward it from the slashed amount.
struct RewardWhistleblower {
  std::string job_id, whistleblower;
};
/// `offender` sent two different receipts or votes for the job (the second was rejected).
struct ReportEquivocation {
  std::string job_id, offender, detail;
};
/// The job settled: tell submitter, executor and validators.
struct NotifyParties {
  std::string job_id;
  Outcome outcome = Outcome::none;
  Resolution resolution = Resolution::none;
  std::vector<std::string> parties;  // submitter, executor (if any), validators, in that order
};

using Effect = std::variant<LockEscrow, AnnounceJob, RequestSelection, SendAssignment,
                            RequestValidation, PayExecutor, PayValidators, PayArbiter, Refund,
                            SlashExecutor, SlashValidators, SlashAccuser, ReturnDisputeBond,
                            RewardWhistleblower, ReportEquivocation, NotifyParties>;

/// "pay_executor", "slash_validators", ...
std::string_view effect_kind(const Effect& effect);

/// Deterministic id "<job_id>/<kind>[/<subject>]": the subject is the fault for slashes and
/// the offender for equivocation reports; every other kind happens at most once per job.
std::string effect_id(const Effect& effect);

/// True for the effects that move mana (pay, refund, slash, reward, bond return).
bool is_money_effect(const Effect& effect);

}  // namespace icn::lifecycle
