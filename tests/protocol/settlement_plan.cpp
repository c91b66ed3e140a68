// Settlement as a pure rule (protocol/settlement/settlement.hpp): every decision has a test,
// every Effect alternative is planned or explicitly accounted for, and every plan applies
// cleanly to a real ledger with the payouts summing exactly to the escrow.
#include <doctest/doctest.h>

#include <cstddef>
#include <utility>
#include <variant>

#include "ledger_test_util.hpp"
#include "lifecycle_fixture.hpp"
#include "protocol/economics/params.hpp"
#include "protocol/economics/rules.hpp"
#include "protocol/ledger/invariant.hpp"
#include "protocol/settlement/settlement.hpp"

using namespace lifecycle_test;  // NOLINT: test helpers
namespace st = icn::settlement;
namespace lt = icn::ledger::test;
using icn::economics::JobResult;

namespace {

const v1::EconomicParams kParams = icn::economics::default_economic_params();

/// A ledger with the test job's escrow locked (150 = 100 + 30 + 20) and bonds posted: the
/// executor 1000, each validator 500, and a dispute bond of 20 for whoever is named.
struct World {
  lt::Fixture ledger;

  explicit World(const std::vector<std::string>& dispute_bonds = {}, bool lock = true) {
    ledger.state = icn::ledger::make_state(icn::ledger::Genesis{lt::kAuthority});
    ledger.params = kParams;
    for (const auto& did : {kSubmitter, kExecutor, kOther, kValidators[0], kValidators[1],
                            kValidators[2], kArbiter}) {
      REQUIRE(ledger.run(lt::mint(did, 10'000)));
    }
    if (lock) REQUIRE(ledger.run(lt::lock(kJob, kSubmitter, 150)));
    REQUIRE(ledger.run(lt::post(kExecutor, v1::BOND_EXECUTOR, 1000)));
    for (const auto& v : kValidators) REQUIRE(ledger.run(lt::post(v, v1::BOND_VALIDATOR, 500)));
    for (const auto& did : dispute_bonds) {
      REQUIRE(ledger.run(lt::post(did, v1::BOND_DISPUTE, 20, kJob)));
    }
  }
  const icn::ledger::LedgerState& state() const { return ledger.state; }
  std::uint64_t free(const std::string& did) const {
    return icn::ledger::free_balance(ledger.state, did);
  }

  /// Plans the settlement of `d` (its state and every effect it emitted), requires success,
  /// applies every planned transaction as the authority, and checks conservation.
  std::vector<st::PlannedTx> settle(const Driver& d) {
    REQUIRE(lc::is_terminal(d.state));
    auto plan = st::plan_settlement(d.state, d.effects, ledger.state, kParams);
    INFO((plan ? std::string() : plan.error().code + ": " + plan.error().message));
    REQUIRE(plan);
    for (const auto& planned : *plan) {
      CHECK(planned.tx.authorizer().empty());
      CHECK(planned.tx.nonce() == 0);
      CHECK(planned.tx.timestamp_unix_ms() == 0);
      v1::LedgerTx tx = planned.tx;
      tx.set_authorizer(lt::kAuthority);
      auto applied = ledger.run(tx);
      INFO(planned.what << ": " << (applied ? std::string() : applied.error().message));
      REQUIRE(applied);
    }
    const auto broken = icn::ledger::check_invariant(ledger.state);
    INFO((broken ? *broken : std::string()));
    REQUIRE_FALSE(broken.has_value());
    return *plan;
  }
};

std::uint64_t payout_sum(const v1::LedgerTx& tx) {
  std::uint64_t sum = 0;
  for (const auto& p : tx.escrow_release().payouts()) sum += p.amount();
  return sum;
}

std::uint64_t paid(const v1::LedgerTx& tx, const std::string& to, v1::ReleaseKind kind) {
  std::uint64_t sum = 0;
  for (const auto& p : tx.escrow_release().payouts())
    if (p.to() == to && p.kind() == kind) sum += p.amount();
  return sum;
}

std::vector<std::string> whats(const std::vector<st::PlannedTx>& plan) {
  std::vector<std::string> out;
  for (const auto& p : plan) out.push_back(p.what);
  return out;
}

const st::PlannedTx* find_slash_of(const std::vector<st::PlannedTx>& plan,
                                   const std::string& account) {
  for (const auto& p : plan)
    if (p.tx.has_slash() && p.tx.slash().account() == account) return &p;
  return nullptr;
}

}  // namespace

// ---------------------------------------------------------------- the rules, one by one

TEST_CASE("escrow_result: how each resolution divides the escrow") {
  using R = lc::Resolution;
  CHECK(st::escrow_result(R::validated) == JobResult::kAccepted);
  CHECK(st::escrow_result(R::arbitrated_correct) == JobResult::kAccepted);
  CHECK(st::escrow_result(R::rejected_by_validators) == JobResult::kRejected);
  CHECK(st::escrow_result(R::arbitrated_wrong) == JobResult::kRejected);
  CHECK(st::escrow_result(R::inconclusive) == JobResult::kInconclusive);
  CHECK(st::escrow_result(R::arbitrated_inconclusive) == JobResult::kInconclusive);
  CHECK(st::escrow_result(R::execution_failed) == JobResult::kExecutionFailed);
  for (R r : {R::none, R::escrow_failed, R::no_bids, R::not_assigned, R::cancelled, R::no_show}) {
    INFO(lc::to_string(r));
    CHECK(st::escrow_result(r) == JobResult::kNotDelivered);
  }
}

TEST_CASE("executor_slash_amount: each executor fault takes its own rule") {
  using F = lc::ExecutorFault;
  CHECK(st::executor_slash_amount(F::wrong_result, 1000, kParams) ==
        icn::economics::slash_executor_wrong_result(1000, kParams));
  CHECK(st::executor_slash_amount(F::no_show, 1000, kParams) ==
        icn::economics::slash_executor_no_show(1000, kParams));
  CHECK(st::executor_slash_amount(F::resource_overuse, 1000, kParams) ==
        icn::economics::slash_executor_resource_overuse(1000, kParams));
  CHECK(st::executor_slash_amount(F::wrong_result, 1000, kParams) == 500);  // defaults
  CHECK(st::executor_slash_amount(F::no_show, 1000, kParams) == 100);
  CHECK(st::executor_slash_amount(F::resource_overuse, 1000, kParams) == 200);
}

TEST_CASE("validator_slash_amount: each validator fault takes its own rule") {
  using F = lc::ValidatorFault;
  CHECK(st::validator_slash_amount(F::wrong_vote, 500, kParams) ==
        icn::economics::slash_validator_wrong_vote(500, kParams));
  CHECK(st::validator_slash_amount(F::no_reveal, 500, kParams) ==
        icn::economics::slash_validator_no_reveal(500, kParams));
  CHECK(st::validator_slash_amount(F::wrong_vote, 500, kParams) == 150);
  CHECK(st::validator_slash_amount(F::no_reveal, 500, kParams) == 50);
}

TEST_CASE("fault_slash_parties: the winning opener is the whistleblower, the submitter harmed") {
  Driver d;
  d.receipted();
  const auto none = st::fault_slash_parties(d.state, {});
  CHECK_FALSE(none.whistleblower.has_value());
  CHECK(none.harmed == kSubmitter);
  const std::vector<lc::Effect> effects = {lc::RewardWhistleblower{kJob, kValidators[2]}};
  const auto with = st::fault_slash_parties(d.state, effects);
  CHECK(with.whistleblower == kValidators[2]);
  CHECK(with.harmed == kSubmitter);
}

TEST_CASE("griefing_slash_parties: the falsely accused is compensated, nobody rewarded") {
  Driver accuser;  // the submitter accused the executor
  accuser.receipted();
  accuser.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2000);
  auto p = st::griefing_slash_parties(accuser.state);
  CHECK_FALSE(p.whistleblower.has_value());
  CHECK(p.harmed == kExecutor);

  Driver defender;  // the executor defended its result
  defender.receipted();
  defender.ok(lc::DisputeOpened{kExecutor, v1::DISPUTE_WRONG_RESULT, kGood}, 2000);
  p = st::griefing_slash_parties(defender.state);
  CHECK_FALSE(p.whistleblower.has_value());
  CHECK(p.harmed == kSubmitter);
}

TEST_CASE("a role-bond slash names the job in its reason; only a dispute slash sets job_id") {
  World w({kSubmitter});
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_REJECT).vote(kValidators[1], v1::VOTE_REJECT);
  d.vote(kValidators[2], v1::VOTE_ACCEPT);
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2500);
  d.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT}, 2600);  // the submitter loses
  const auto plan = w.settle(d);
  const auto* executor_side = find_slash_of(plan, kValidators[0]);
  REQUIRE(executor_side != nullptr);
  CHECK(executor_side->tx.slash().role() == v1::BOND_VALIDATOR);
  CHECK(executor_side->tx.slash().job_id().empty());
  CHECK(executor_side->tx.slash().reason() == "wrong_vote (job " + kJob + ")");
  const auto* grief = find_slash_of(plan, kSubmitter);
  REQUIRE(grief != nullptr);
  CHECK(grief->tx.slash().role() == v1::BOND_DISPUTE);
  CHECK(grief->tx.slash().job_id() == kJob);
  CHECK(grief->tx.slash().reason() == "griefing");
  CHECK(grief->what == "slash accuser griefing");
}

// ---------------------------------------------------------------- whole settlements

TEST_CASE("validated: one release; the payouts sum exactly to the escrow") {
  World w;
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::Tick{}, 3500);
  const auto plan = w.settle(d);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].what == "release");
  const auto& tx = plan[0].tx;
  CHECK(tx.escrow_release().job_id() == kJob);
  CHECK(payout_sum(tx) == 150);
  CHECK(paid(tx, kExecutor, v1::RELEASE_EXECUTOR_PAYMENT) == 80);
  CHECK(paid(tx, kValidators[0], v1::RELEASE_VALIDATOR_FEE) == 15);
  CHECK(paid(tx, kValidators[1], v1::RELEASE_VALIDATOR_FEE) == 15);
  CHECK(paid(tx, kSubmitter, v1::RELEASE_REFUND) == 40);
  CHECK(w.free(kExecutor) == 10'000 - 1000 + 80);
  CHECK(w.state().escrows.at(kJob).released);
}

TEST_CASE("rejected: release first, then the executor and wrong-vote slashes in effect order") {
  World w;
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_REJECT).vote(kValidators[1], v1::VOTE_REJECT);
  d.vote(kValidators[2], v1::VOTE_ACCEPT);
  d.ok(lc::Tick{}, 3500);
  const auto plan = w.settle(d);
  CHECK(whats(plan) == std::vector<std::string>{"release", "slash executor wrong_result",
                                                "slash validator wrong_vote"});
  CHECK(paid(plan[0].tx, kExecutor, v1::RELEASE_EXECUTOR_PAYMENT) == 0);
  CHECK(payout_sum(plan[0].tx) == 150);
  const auto& slash = plan[1].tx.slash();
  CHECK(slash.account() == kExecutor);
  CHECK(slash.amount() == 500);
  CHECK(slash.reason() == "wrong_result (job " + kJob + ")");
  REQUIRE(slash.shares_size() == 1);  // no whistleblower; half of it to the submitter
  CHECK(slash.shares(0).to() == kSubmitter);
  CHECK(slash.shares(0).amount() == 250);
  CHECK(plan[2].tx.slash().account() == kValidators[2]);
  CHECK(plan[2].tx.slash().amount() == 150);
  CHECK(icn::ledger::bonded(w.state(), kExecutor, v1::BOND_EXECUTOR) == 500);
}

TEST_CASE("no_show: the whole escrow is refunded and the no-show slash applies") {
  World w;
  Driver d;
  d.assigned();
  d.ok(lc::Tick{}, 2000);
  const auto plan = w.settle(d);
  CHECK(whats(plan) == std::vector<std::string>{"release", "slash executor no_show"});
  CHECK(paid(plan[0].tx, kSubmitter, v1::RELEASE_REFUND) == 150);
  CHECK(plan[1].tx.slash().amount() == 100);
}

TEST_CASE("execution_failed: validators paid, no executor payment, nobody slashed for the run") {
  World w;
  Driver d;
  d.assigned();
  d.ok(lc::ReceiptReceived{kExecutor, failed_receipt(v1::EXEC_TRAP)}, 1500);
  d.ok(lc::VoteReceived{kValidators[0], v1::VOTE_ACCEPT, kBad}, 2100);
  d.ok(lc::VoteReceived{kValidators[1], v1::VOTE_ACCEPT, kBad}, 2100);
  d.ok(lc::Tick{}, 3500);
  REQUIRE(d.state.resolution == lc::Resolution::execution_failed);
  const auto plan = w.settle(d);
  REQUIRE(plan.size() == 1);
  const auto& tx = plan[0].tx;
  CHECK(paid(tx, kExecutor, v1::RELEASE_EXECUTOR_PAYMENT) == 0);
  CHECK(paid(tx, kValidators[0], v1::RELEASE_VALIDATOR_FEE) == 15);
  CHECK(paid(tx, kValidators[1], v1::RELEASE_VALIDATOR_FEE) == 15);
  CHECK(paid(tx, kSubmitter, v1::RELEASE_REFUND) == 120);
  CHECK(icn::ledger::bonded(w.state(), kExecutor, v1::BOND_EXECUTOR) == 1000);
}

TEST_CASE("execution_failed with k = 0: the whole escrow is refunded") {
  World w;
  Driver d;
  d.assigned(0, 0);
  d.ok(lc::ReceiptReceived{kExecutor, failed_receipt(v1::EXEC_ERROR)}, 1500);
  const auto plan = w.settle(d);
  REQUIRE(plan.size() == 1);
  CHECK(paid(plan[0].tx, kSubmitter, v1::RELEASE_REFUND) == 150);
}

TEST_CASE("a won dispute: the arbiter is paid, the whistleblower shares every fault slash") {
  World w({kValidators[2]});
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.vote(kValidators[2], v1::VOTE_REJECT);
  d.ok(lc::DisputeOpened{kValidators[2], v1::DISPUTE_VALIDATOR_COLLUSION, kBad}, 2500);
  d.ok(
      lc::VerdictIssued{
          kArbiter, v1::OUTCOME_RESULT_WRONG, kBad, {kExecutor, kValidators[0], kValidators[1]}},
      2600);
  const auto plan = w.settle(d);
  CHECK(whats(plan) == std::vector<std::string>{"release", "slash executor wrong_result",
                                                "slash validator wrong_vote",
                                                "slash validator wrong_vote"});
  CHECK(paid(plan[0].tx, kArbiter, v1::RELEASE_ARBITER_FEE) == 10);
  CHECK(paid(plan[0].tx, kValidators[2], v1::RELEASE_VALIDATOR_FEE) == 30);
  CHECK(payout_sum(plan[0].tx) == 150);
  for (std::size_t i = 1; i < plan.size(); ++i) {
    const auto& s = plan[i].tx.slash();
    REQUIRE(s.shares_size() == 2);
    CHECK(s.shares(0).to() == kValidators[2]);  // whistleblower first
    CHECK(s.shares(0).amount() == s.amount() / 5);
    CHECK(s.shares(1).to() == kSubmitter);
  }
  // ReturnDisputeBond plans nothing: the opener's bond is simply still its own.
  CHECK(icn::ledger::bonded(w.state(), kValidators[2], v1::BOND_DISPUTE, kJob) == 20);
}

TEST_CASE("a lapsed dispute: the opener's bond stays bonded, nothing is planned for it") {
  World w({kSubmitter});
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2500);
  d.ok(lc::Tick{}, 4500);
  REQUIRE(count_of<lc::ReturnDisputeBond>(d.effects) == 1);
  const auto plan = w.settle(d);
  CHECK(whats(plan) == std::vector<std::string>{"release"});
  CHECK(icn::ledger::bonded(w.state(), kSubmitter, v1::BOND_DISPUTE, kJob) == 20);
}

TEST_CASE("a slash of nothing plans nothing: no bond, or a 0 bp rule") {
  World w;
  Driver d;
  d.assigned();
  d.ok(lc::Tick{}, 2000);
  auto params = kParams;
  params.set_slash_no_show_bp(0);
  auto plan = st::plan_settlement(d.state, d.effects, w.state(), params);
  REQUIRE(plan);
  CHECK(whats(*plan) == std::vector<std::string>{"release"});
  // The griefing slash of an accuser who never posted a dispute bond is 0 as well.
  Driver g;
  g.receipted();
  g.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  g.ok(lc::DisputeOpened{kSubmitter, v1::DISPUTE_WRONG_RESULT, kBad}, 2500);
  g.ok(lc::VerdictIssued{kArbiter, v1::OUTCOME_RESULT_CORRECT}, 2600);
  REQUIRE(count_of<lc::SlashAccuser>(g.effects) == 1);
  plan = st::plan_settlement(g.state, g.effects, w.state(), kParams);
  REQUIRE(plan);
  CHECK(whats(*plan) == std::vector<std::string>{"release"});
}

TEST_CASE("expired before the lock was confirmed: nothing held, nothing planned, no error") {
  World w({}, /*lock=*/false);
  Driver d;
  d.submitted();
  d.ok(lc::Tick{}, 1100);  // escrow_failed, Refund "in case"
  REQUIRE(count_of<lc::Refund>(d.effects) == 1);
  auto plan = st::plan_settlement(d.state, d.effects, w.state(), kParams);
  REQUIRE(plan);
  CHECK(plan->empty());
  // The lock did happen, its confirmation was lost: the refund releases it in full.
  REQUIRE(w.ledger.run(lt::lock(kJob, kSubmitter, 150)));
  const auto released = w.settle(d);
  REQUIRE(released.size() == 1);
  CHECK(paid(released[0].tx, kSubmitter, v1::RELEASE_REFUND) == 150);
  // Someone else's escrow under the job id is not this job's: nothing to release.
  World other({}, false);
  REQUIRE(other.ledger.run(lt::lock(kJob, kOther, 150)));
  plan = st::plan_settlement(d.state, d.effects, other.state(), kParams);
  REQUIRE(plan);
  CHECK(plan->empty());
}

TEST_CASE("late_escrow_refund returns a late lock to its payer in full") {
  World w({}, false);
  REQUIRE(w.ledger.run(lt::lock(kJob, kSubmitter, 150)));
  const auto refund = st::late_escrow_refund(kJob, kSubmitter, 150);
  CHECK(refund.what == "late escrow refund");
  CHECK(payout_sum(refund.tx) == 150);
  CHECK(paid(refund.tx, kSubmitter, v1::RELEASE_REFUND) == 150);
  v1::LedgerTx tx = refund.tx;
  tx.set_authorizer(lt::kAuthority);
  REQUIRE(w.ledger.run(tx));
  CHECK(w.free(kSubmitter) == 10'000);
}

// ---------------------------------------------------------------- errors: all or nothing

TEST_CASE("escrow_mismatch: a locked job whose escrow is missing, released or someone else's") {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_REJECT).vote(kValidators[1], v1::VOTE_REJECT);
  d.ok(lc::Tick{}, 3500);
  World missing({}, false);
  auto plan = st::plan_settlement(d.state, d.effects, missing.state(), kParams);
  REQUIRE_FALSE(plan);
  CHECK(plan.error().code == "escrow_mismatch");
  CHECK(plan.error().message.find("no escrow") != std::string::npos);

  World released;
  released.settle(d);
  plan = st::plan_settlement(d.state, d.effects, released.state(), kParams);
  REQUIRE_FALSE(plan);  // a second settlement of the same job: nothing at all is planned
  CHECK(plan.error().code == "escrow_mismatch");
  CHECK(plan.error().message.find("already released") != std::string::npos);

  World other({}, false);
  REQUIRE(other.ledger.run(lt::lock(kJob, kOther, 150)));
  plan = st::plan_settlement(d.state, d.effects, other.state(), kParams);
  REQUIRE_FALSE(plan);
  CHECK(plan.error().message.find("paid by " + kOther) != std::string::npos);
}

TEST_CASE("plan errors: not settled, another job, effects contradicting the state") {
  World w;
  Driver d;
  d.receipted();
  auto plan = st::plan_settlement(d.state, {lc::Refund{kJob, kSubmitter}}, w.state(), kParams);
  REQUIRE_FALSE(plan);
  CHECK(plan.error().code == "not_settled");
  // Non-money effects alone plan nothing, settled or not.
  plan = st::plan_settlement(d.state, {lc::AnnounceJob{kJob, 1, 2}}, w.state(), kParams);
  REQUIRE(plan);
  CHECK(plan->empty());

  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::Tick{}, 3500);
  plan = st::plan_settlement(d.state, {lc::Refund{"sha256:other", kSubmitter}}, w.state(), kParams);
  REQUIRE_FALSE(plan);
  CHECK(plan.error().code == "wrong_job");
  // A validated job without its PayExecutor, and a PayExecutor with another price.
  plan = st::plan_settlement(d.state, {lc::Refund{kJob, kSubmitter}}, w.state(), kParams);
  REQUIRE_FALSE(plan);
  CHECK(plan.error().code == "inconsistent_effects");
  plan = st::plan_settlement(d.state, {lc::PayExecutor{kJob, kExecutor, 99}}, w.state(), kParams);
  REQUIRE_FALSE(plan);
  CHECK(plan.error().code == "inconsistent_effects");
}

// ---------------------------------------------------------------- every effect accounted for

namespace {

/// A settled job that makes a lone `effect` consistent (the resolution matches PayExecutor).
lc::JobState settled_job_for(const lc::Effect& effect) {
  Driver d;
  d.receipted();
  d.vote(kValidators[0], v1::VOTE_ACCEPT).vote(kValidators[1], v1::VOTE_ACCEPT);
  d.ok(lc::Tick{}, 3500);
  lc::JobState s = d.state;
  if (!std::holds_alternative<lc::PayExecutor>(effect)) s.resolution = lc::Resolution::inconclusive;
  return s;
}

lc::Effect sample_effect(lc::Effect effect) {
  std::visit(
      [](auto& e) {
        using T = std::decay_t<decltype(e)>;
        e.job_id = kJob;
        if constexpr (std::is_same_v<T, lc::PayExecutor>) {
          e.executor = kExecutor;
          e.price = 80;
        } else if constexpr (std::is_same_v<T, lc::PayValidators>) {
          e.validators = {kValidators[0]};
        } else if constexpr (std::is_same_v<T, lc::PayArbiter>) {
          e.arbiter = kArbiter;
        } else if constexpr (std::is_same_v<T, lc::SlashExecutor>) {
          e.executor = kExecutor;
        } else if constexpr (std::is_same_v<T, lc::SlashValidators>) {
          e.validators = {kValidators[0], kValidators[1]};
        } else if constexpr (std::is_same_v<T, lc::SlashAccuser>) {
          e.accuser = kSubmitter;
        } else if constexpr (std::is_same_v<T, lc::ReturnDisputeBond>) {
          e.opener = kSubmitter;
        } else if constexpr (std::is_same_v<T, lc::RewardWhistleblower>) {
          e.whistleblower = kValidators[2];
        }
      },
      effect);
  return effect;
}

template <std::size_t... I>
std::vector<lc::Effect> every_alternative(std::index_sequence<I...>) {
  return {sample_effect(lc::Effect(std::in_place_index<I>))...};
}

}  // namespace

TEST_CASE("every Effect alternative is planned or explicitly accounted for") {
  const auto effects =
      every_alternative(std::make_index_sequence<std::variant_size_v<lc::Effect>>{});
  REQUIRE(effects.size() == std::variant_size_v<lc::Effect>);
  int release = 0, slash = 0, accounted = 0, not_money = 0;
  for (const auto& effect : effects) {
    INFO("effect " << lc::effect_kind(effect));
    const st::EffectHandling handling = st::settlement_handling(effect);
    // Money effects are exactly the ones the settlement has to say something about.
    CHECK((handling != st::EffectHandling::not_money) == lc::is_money_effect(effect));
    World w({kSubmitter});
    const lc::JobState job = settled_job_for(effect);
    auto plan = st::plan_settlement(job, {effect}, w.state(), kParams);
    INFO((plan ? std::string() : plan.error().message));
    REQUIRE(plan);
    switch (handling) {
      case st::EffectHandling::escrow_release:
        ++release;
        REQUIRE(plan->size() == 1);
        CHECK(plan->at(0).tx.has_escrow_release());
        CHECK(payout_sum(plan->at(0).tx) == 150);
        break;
      case st::EffectHandling::slash:
        ++slash;
        REQUIRE_FALSE(plan->empty());
        for (const auto& p : *plan) CHECK(p.tx.has_slash());
        break;
      case st::EffectHandling::slash_share:  // RewardWhistleblower: shares of other slashes
      case st::EffectHandling::bond_stays:   // ReturnDisputeBond: the bond is still the opener's
        ++accounted;
        CHECK(plan->empty());
        break;
      case st::EffectHandling::not_money:
        ++not_money;
        CHECK(plan->empty());
        break;
    }
  }
  CHECK(release == 4);  // PayExecutor, PayValidators, PayArbiter, Refund
  CHECK(slash == 3);    // SlashExecutor, SlashValidators, SlashAccuser
  CHECK(accounted == 2);
  CHECK(not_money == 7);
}

// ---------------------------------------------------------------- many settlements

TEST_CASE("every combination of status, votes, dispute and verdict plans and applies cleanly") {
  const std::vector<v1::ExecStatus> statuses = {v1::EXEC_OK, v1::EXEC_TRAP};
  const std::vector<v1::Vote> choices = {v1::VOTE_UNSPECIFIED, v1::VOTE_ACCEPT, v1::VOTE_REJECT};
  const std::vector<std::string> openers = {"", kSubmitter, kExecutor, kValidators[0]};
  const std::vector<v1::Outcome> verdicts = {v1::OUTCOME_UNSPECIFIED, v1::OUTCOME_RESULT_CORRECT,
                                             v1::OUTCOME_RESULT_WRONG, v1::OUTCOME_INCONCLUSIVE};
  int settled = 0;
  std::map<lc::Resolution, int> resolutions;
  for (auto status : statuses) {
    for (int pattern = 0; pattern < 27; ++pattern) {
      for (const auto& opener : openers) {
        for (auto verdict : verdicts) {
          if (opener.empty() && verdict != v1::OUTCOME_UNSPECIFIED) continue;
          World w({kSubmitter, kExecutor, kValidators[0]});
          Driver d;
          d.assigned();
          d.ok(lc::ReceiptReceived{kExecutor, make_receipt(kExecutor, kGood, status)}, 1500);
          int p = pattern;
          for (const auto& v : kValidators) {
            const v1::Vote vote = choices[p % 3];
            p /= 3;
            if (vote == v1::VOTE_UNSPECIFIED) continue;
            d.ok(lc::VoteCommitted{v}, 2000);
            d.ok(lc::VoteReceived{v, vote, vote == v1::VOTE_ACCEPT ? kGood : kBad}, 2100);
          }
          if (!opener.empty())
            d.apply(lc::DisputeOpened{opener, v1::DISPUTE_WRONG_RESULT, kBad}, 2200);
          if (verdict != v1::OUTCOME_UNSPECIFIED)
            d.apply(lc::VerdictIssued{kArbiter, verdict}, 2300);
          d.ok(lc::Tick{}, 10'000);
          INFO("status " << status << " votes " << pattern << " opener " << opener << " verdict "
                         << verdict << " -> " << lc::to_string(d.state.resolution));
          const auto plan = w.settle(d);
          REQUIRE_FALSE(plan.empty());
          CHECK(plan[0].what == "release");
          CHECK(payout_sum(plan[0].tx) == 150);
          ++resolutions[d.state.resolution];
          ++settled;
        }
      }
    }
  }
  CHECK(settled == 2 * 27 * (1 + 3 * 4));
  for (auto r : {lc::Resolution::validated, lc::Resolution::rejected_by_validators,
                 lc::Resolution::inconclusive, lc::Resolution::execution_failed,
                 lc::Resolution::arbitrated_correct, lc::Resolution::arbitrated_wrong,
                 lc::Resolution::arbitrated_inconclusive}) {
    INFO(lc::to_string(r));
    CHECK(resolutions[r] > 0);
  }
}
