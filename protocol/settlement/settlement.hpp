#pragma once
// Settlement as a pure rule: from a settled job's state (which holds its evidence), the
// effects of the step that settled it and the ledger's state, the exact ledger transactions
// that carry it out, and the reputation outcome its evidence establishes. The ledger authority
// signs and applies the transactions; nothing here touches a balance. Every decision lives in
// one function: escrow division (escrow_result), which slash applies to which fault
// (slash_rules.hpp), who shares in a slash (slash_parties), what each effect means on the
// ledger (settlement_handling). Rules and reasons: docs/economics.md, "Settlement".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/economics.pb.h"
#include "proto/ledger.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/core/time.hpp"
#include "protocol/economics/rules.hpp"
#include "protocol/ledger/state.hpp"
#include "protocol/lifecycle/effects.hpp"
#include "protocol/lifecycle/job_state.hpp"
#include "protocol/reputation/reputation.hpp"
#include "protocol/settlement/slash_rules.hpp"

namespace icn::settlement {

namespace v1 = icnmesh::v1;

/// One ledger transaction the ledger authority must sign and apply: `tx` has its body set and
/// authorizer, nonce and timestamp unset (the authority stamps them).
struct PlannedTx {
  v1::LedgerTx tx;
  std::string what;  // for logs/traces: "release", "slash executor wrong_result", ...
};

/// Error codes of plan_settlement.
namespace plan_error {
inline constexpr const char* wrong_job = "wrong_job";      // an effect names another job
inline constexpr const char* not_settled = "not_settled";  // money effects, job not settled
inline constexpr const char* inconsistent = "inconsistent_effects";  // effects contradict job
inline constexpr const char* escrow_mismatch = "escrow_mismatch";    // no escrow to release
}  // namespace plan_error

/// The exact ledger transactions that carry out `effects` (the effects of the lifecycle step
/// that settled `job`; non-money effects are ignored), reading escrows and bonds from `ledger`.
/// Every money effect kind is handled by its own function (settlement_handling says how; there
/// is no catch-all). Order: the escrow release first, then slashes in effect order (one per
/// slashed account). A slash whose amount is 0 (no bond to take, or a 0 bp rule) plans no
/// transaction.
///
/// All or nothing: on an error nothing is planned, so a caller never applies half a
/// settlement. Errors: "wrong_job" (an effect names another job), "not_settled" (money effects
/// for a job that is not settled), "inconsistent_effects" (PayExecutor disagrees with the
/// resolution or the assignment), "escrow_mismatch" (a release is required but the ledger
/// holds no unreleased escrow of the submitter for the job; see escrow_to_release), and the
/// errors of economics::settle_escrow ("escrow_short", ...).
Expected<std::vector<PlannedTx>> plan_settlement(const lifecycle::JobState& job,
                                                 const std::vector<lifecycle::Effect>& effects,
                                                 const ledger::LedgerState& ledger,
                                                 const v1::EconomicParams& params);

/// An escrow that was locked after its job had already settled (a late retransmission) goes
/// back to its payer in full: the refund release for it.
PlannedTx late_escrow_refund(const std::string& job_id, const std::string& payer,
                             std::uint64_t amount);

/// How the escrow is divided for a job that settled with `resolution` (see
/// economics::JobResult): accepted for validated and arbitrated_correct; rejected for
/// rejected_by_validators and arbitrated_wrong; inconclusive for inconclusive and
/// arbitrated_inconclusive; execution_failed (validators paid, executor not) for
/// execution_failed; not delivered (all refunded) for every ending without a validated
/// receipt.
economics::JobResult escrow_result(lifecycle::Resolution resolution);

/// The escrow a settlement releases: the ledger's unreleased escrow for the job paid by the
/// submitter. nullopt (nothing to release, no error) when the lifecycle never saw the lock
/// confirmed and the settlement only refunds: its Refund means "return whatever is held", and
/// an escrow under the job id paid by someone else is not this job's. Error
/// "escrow_mismatch" otherwise: the lifecycle says the escrow was locked, or payments are due,
/// but there is none, it was already released, or another account paid it.
Expected<std::optional<ledger::Escrow>> escrow_to_release(const lifecycle::JobState& job,
                                                          bool payments_due,
                                                          const ledger::LedgerState& ledger);

/// What an effect means on the ledger.
enum class EffectHandling {
  not_money,       // a message or a request for the caller: no ledger transaction
  escrow_release,  // a part of the job's single EscrowRelease (PayExecutor, PayValidators,
                   // PayArbiter, Refund)
  slash,           // Slash transactions of its own (SlashExecutor, SlashValidators, SlashAccuser)
  slash_share,     // no transaction of its own: the opener who won receives the whistleblower
                   // share of this settlement's slashes (RewardWhistleblower)
  bond_stays,      // no transaction: the opener's dispute bond was not slashed, so it simply
                   // stays the opener's, who withdraws it like any bond (ReturnDisputeBond)
};

/// How plan_settlement carries out `effect`; one answer per Effect alternative.
EffectHandling settlement_handling(const lifecycle::Effect& effect);

/// The reputation outcome of a settled job, established from the job's own evidence: the votes
/// the quorum decided with (validated / rejected_by_validators), the verdict (arbitrated_*), or
/// the missed deadline (no_show); nullopt when nothing was established (inconclusive, expired,
/// cancelled, no validators, ...). An upheld failed run (execution_failed) establishes the
/// validators' effects only: the executor's reputation does not move
/// (EstablishedOutcome::without_executor).
std::optional<reputation::EstablishedOutcome> reputation_outcome(const lifecycle::JobState& job,
                                                                 UnixMs now);

}  // namespace icn::settlement
