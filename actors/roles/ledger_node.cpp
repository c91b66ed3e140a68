// The ledger node: the mesh's single ledger authority and the job coordinator. It runs each
// job through lifecycle::step (the one job state machine) and carries out the effects: it
// announces, forwards bids, assignments and receipts, and applies settlements as LedgerTx
// signed by the authority, with amounts from protocol/economics. Reputation changes only from
// established outcomes (reputation::EstablishedOutcome).
#include <map>

#include <optional>
#include <set>
#include <variant>
#include "protocol/core/overloaded.hpp"

#include "actors/roles/roles.hpp"
#include "proto/execution.pb.h"
#include "proto/ledger.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "protocol/economics/rules.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_validate.hpp"
#include "protocol/ledger/ledger.hpp"
#include "protocol/lifecycle/job_machine.hpp"
#include "protocol/reputation/reputation.hpp"
#include "protocol/validation/quorum.hpp"

namespace icn::actors {
namespace {

namespace lc = icn::lifecycle;

enum : std::uint8_t { kDeadline = 1, kRetry = 2, kFlush = 3 };

// Participant transactions wait this long in a sequencer and are applied in timestamp order;
// the authority back-dates its own by as much. The ledger keeps timestamps monotonic, so a
// transaction signed just before another but delivered just after it would be refused.
constexpr DurationMs kAuthorityLagMs = 300;

class LedgerNode : public RoleLogic {
 public:
  LedgerNode(World& world, LedgerConfig config)
      : RoleLogic(world), cfg_(std::move(config)), messenger_(world) {
    const auto& nonces = cfg_.ledger->state().last_nonce;
    auto it = nonces.find(world.signer().did());
    nonce_ = it == nonces.end() ? 0 : it->second;
  }

  void on_restart(bool) override {
    // The ledger and job records are durable (the ledger refuses to lose state); timers are
    // re-armed so every open job still meets its deadlines.
    if (!sequencer_.empty()) world_.set_timer(1, make_tag(kFlush, 0));
    for (auto& [index, job] : jobs_) {
      world_.set_timer(1, make_tag(kDeadline, index));
      world_.set_timer(retry_ms(), make_tag(kRetry, index));
    }
  }

  void on_envelope(const std::string& from, const v1::Envelope& env) override {
    switch (env.type()) {
      case v1::MSG_LEDGER_TX:
        on_ledger_tx(from, env);
        break;
      case v1::MSG_JOB_SUBMISSION:
        on_submission(from, env);
        break;
      case v1::MSG_BID:
        on_bid(from, env);
        break;
      case v1::MSG_ASSIGNMENT:
        on_assignment(from, env);
        break;
      case v1::MSG_EXECUTION_RECEIPT:
        on_receipt(from, env);
        break;
      case v1::MSG_VALIDATION_REVEAL:
        on_reveal(from, env);
        break;
      case v1::MSG_DISPUTE:
        on_dispute(from, env);
        break;
      case v1::MSG_VERDICT:
        on_verdict(from, env);
        break;
      default:
        break;
    }
  }

  void on_timer(std::uint64_t tag) override {
    if (tag_kind(tag) == kFlush) {
      flush_due();
      resolve_pending();
      return;
    }
    auto it = jobs_.find(tag_index(tag));
    if (it == jobs_.end()) return;
    Job& job = it->second;
    if (tag_kind(tag) == kDeadline) {
      feed(job, lc::Tick{});
    } else if (tag_kind(tag) == kRetry) {
      retransmit(job);
      if (jobs_.count(tag_index(tag))) world_.set_timer(retry_ms(), tag);
    }
  }

 private:
  struct Job {
    std::uint64_t index = 0;
    std::string id;
    v1::JobSpec spec;
    lc::JobState state;
    std::map<std::string, v1::Envelope> bids;  // executor -> its bid envelope
    std::optional<v1::Envelope> assignment_env;
    v1::Assignment assignment;
    std::optional<v1::Envelope> receipt_env;
    std::vector<v1::ValidationReveal> reveals;
    std::string arbiter;
    std::optional<v1::Verdict> verdict;
  };

  DurationMs retry_ms() const { return cfg_.retry_ms == 0 ? 500 : cfg_.retry_ms; }
  const std::string& me() const { return world_.signer().did(); }

  Job* find(const std::string& job_id) {
    auto it = by_id_.find(job_id);
    return it == by_id_.end() ? nullptr : &jobs_.at(it->second);
  }

  // ---- messages ----

  void on_ledger_tx(const std::string& from, const v1::Envelope& env) {
    auto wire = messenger_.open_direct<v1::LedgerEntry>(from, env, v1::MSG_LEDGER_TX);
    if (!wire) return;
    ledger::SignedTx signed_tx{to_bytes(wire->tx_bytes()), to_bytes(wire->signature()),
                               wire->scheme()};
    auto tx = ledger::decode_tx(signed_tx.tx_bytes);
    if (!tx) return;
    const UnixMs stamp = tx->timestamp_unix_ms();
    const UnixMs due = stamp + kAuthorityLagMs;
    const auto key = std::make_pair(stamp, ++sequenced_);
    sequencer_.emplace(key, std::make_pair(std::move(signed_tx), std::move(*tx)));
    const UnixMs now = world_.now();
    world_.set_timer(due > now ? due - now : 0, make_tag(kFlush, 0));
  }

  /// Applies every sequenced participant transaction whose lag has passed, oldest first.
  void flush_due() {
    const UnixMs now = world_.now();
    while (!sequencer_.empty() && sequencer_.begin()->first.first + kAuthorityLagMs <= now) {
      auto node = sequencer_.extract(sequencer_.begin());
      apply_participant_tx(node.mapped().first, node.mapped().second);
    }
  }

  void apply_participant_tx(const ledger::SignedTx& signed_tx, const v1::LedgerTx& tx) {
    auto applied = cfg_.ledger->submit(signed_tx, world_.verifier(), world_.now());
    if (tx.body_case() != v1::LedgerTx::kEscrowLock) return;
    const std::string& job_id = tx.escrow_lock().job_id();
    if (!applied) {
      // A duplicate is a retransmission; a stale timestamp is transient (the submitter
      // re-signs on its next retry). Neither refuses the job.
      if (applied.error().code == ledger::kCodeDuplicateEscrow ||
          applied.error().code == ledger::kCodeBadTimestamp) {
        if (applied.error().code == ledger::kCodeBadTimestamp)
          world_.report("escrow_retry", job_id + "|" + applied.error().code, 0);
        return;
      }
      lock_failures_[job_id] = applied.error().code;
      world_.report("escrow_refused", job_id + "|" + applied.error().code, 0);
    } else {
      world_.report("escrow_locked", job_id, static_cast<std::int64_t>(tx.escrow_lock().amount()));
      if (finished_.count(job_id)) {  // locked after the job already ended: give it back
        v1::LedgerTx refund;
        auto* rel = refund.mutable_escrow_release();
        rel->set_job_id(job_id);
        auto* p = rel->add_payouts();
        p->set_to(tx.escrow_lock().payer());
        p->set_amount(tx.escrow_lock().amount());
        p->set_kind(v1::RELEASE_REFUND);
        if (submit_tx(refund, job_id + "|late-refund"))
          world_.report("escrow_released", job_id, static_cast<std::int64_t>(p->amount()));
        return;
      }
    }
    pending_locks_.push_back(job_id);
  }

  /// Feeds the lock results gathered by flush_due to their jobs (outside any other job's step).
  void resolve_pending() {
    while (!pending_locks_.empty()) {
      const std::string id = std::move(pending_locks_.back());
      pending_locks_.pop_back();
      if (Job* job = find(id)) resolve_lock(*job);
    }
  }

  void on_submission(const std::string& from, const v1::Envelope& env) {
    auto sub = messenger_.open_direct<v1::JobSubmission>(from, env, v1::MSG_JOB_SUBMISSION);
    if (!sub || sub->spec().submitter() != env.signer()) return;
    const std::string id = icn::job_id(sub->spec());
    if (by_id_.count(id) || finished_.count(id)) return;  // a retransmission
    const UnixMs now = world_.now();
    if (!validate_spec(sub->spec(), now).empty()) {
      world_.report("spec_refused", id, 0);
      return;
    }
    auto terms = lc::terms_from_spec(sub->spec(), id, now);
    if (!terms) {
      world_.report("spec_refused", id, 0);
      return;
    }
    const std::uint64_t index = ++jobs_made_;
    Job& job = jobs_[index];
    job.index = index;
    job.id = id;
    job.spec = sub->spec();
    by_id_[id] = index;
    world_.report("submitted", id + "|" + job.spec.submitter(),
                  static_cast<std::int64_t>(lc::final_deadline(*terms)));
    for (UnixMs deadline :
         {terms->bid_deadline, terms->execution_deadline, terms->validation_deadline,
          terms->dispute_window_end, terms->arbitration_deadline}) {
      world_.set_timer(deadline > now ? deadline - now : 0, make_tag(kDeadline, index));
    }
    world_.set_timer(retry_ms(), make_tag(kRetry, index));
    feed(job, lc::Submit{*terms});
  }

  void on_bid(const std::string& from, const v1::Envelope& env) {
    auto bid = messenger_.open_direct<v1::Bid>(from, env, v1::MSG_BID);
    if (!bid || bid->executor() != env.signer()) return;
    Job* job = find(bid->job_id());
    if (!job) return;
    if (feed(*job, lc::BidReceived{*bid})) job->bids[bid->executor()] = env;
  }

  void on_assignment(const std::string& from, const v1::Envelope& env) {
    auto a = messenger_.open_direct<v1::Assignment>(from, env, v1::MSG_ASSIGNMENT);
    if (!a) return;
    Job* job = find(a->job_id());
    if (!job || env.signer() != job->spec.submitter()) return;
    if (job->assignment_env) {  // a retransmission: echo our acceptance again
      if (job->assignment.executor() == a->executor()) world_.send(from, *job->assignment_env);
      return;
    }
    auto bid = job->bids.find(a->executor());
    if (bid == job->bids.end() || envelope_digest(bid->second) != a->bid_digest()) {
      world_.report("assignment_refused", job->id, 0);
      return;
    }
    lc::Assign assign{a->executor(), a->price(),
                      std::vector<std::string>(a->validators().begin(), a->validators().end())};
    job->assignment_env = env;
    job->assignment = *a;
    if (!feed(*job, assign)) job->assignment_env.reset();
  }

  void on_receipt(const std::string& from, const v1::Envelope& env) {
    auto r = messenger_.open_direct<v1::ExecutionReceipt>(from, env, v1::MSG_EXECUTION_RECEIPT);
    if (!r) return;
    Job* job = find(r->job_id());
    if (!job) return;
    const bool had = job->state.receipt.has_value();
    if (!had) job->receipt_env = env;
    const bool ok = feed(*job, lc::ReceiptReceived{env.signer(), *r});
    if (!had && (!ok || !job_alive(r->job_id()) || !find(r->job_id())->state.receipt)) {
      if (Job* still = find(r->job_id())) still->receipt_env.reset();
      return;
    }
    if (!had && ok) world_.report("receipt_accepted", r->job_id() + "|" + env.signer(), 0);
  }

  void on_reveal(const std::string& from, const v1::Envelope& env) {
    auto v = messenger_.open_direct<v1::ValidationReveal>(from, env, v1::MSG_VALIDATION_REVEAL);
    if (!v || v->validator() != env.signer()) return;
    Job* job = find(v->job_id());
    if (!job) return;
    const bool fresh = job->state.votes.count(env.signer()) == 0;
    job->reveals.push_back(*v);  // kept before feeding: settlement may happen in this step
    if (!feed(*job, lc::VoteReceived{env.signer(), v->vote(), v->output_hash()}) || !fresh) {
      if (Job* still = find(v->job_id())) still->reveals.pop_back();
    }
  }

  void on_dispute(const std::string& from, const v1::Envelope& env) {
    auto d = messenger_.open_direct<v1::Dispute>(from, env, v1::MSG_DISPUTE);
    if (!d || d->opener() != env.signer()) return;
    Job* job = find(d->job_id());
    if (!job) return;
    const bool was_disputed = job->state.phase == lc::Phase::disputed;
    if (!feed(*job, lc::DisputeOpened{env.signer(), d->reason(), d->claimed_output_hash()})) return;
    job = find(d->job_id());
    if (!job || was_disputed || job->state.phase != lc::Phase::disputed) return;
    const auto& arbiters = world_.directory().members(Role::arbiter);
    if (arbiters.empty() || !job->receipt_env) return;  // lapses at the arbitration deadline
    job->arbiter = arbiters[job->index % arbiters.size()];
    world_.report("dispute", job->id + "|" + env.signer(), 0);
    world_.send(job->arbiter, *job->receipt_env);
  }

  void on_verdict(const std::string& from, const v1::Envelope& env) {
    auto v = messenger_.open_direct<v1::Verdict>(from, env, v1::MSG_VERDICT);
    if (!v || v->arbiter() != env.signer()) return;
    Job* job = find(v->job_id());
    if (!job || job->arbiter != env.signer() || job->verdict) return;
    job->verdict = *v;
    if (!feed(*job, lc::VerdictIssued{env.signer(), v->outcome()})) {
      if (Job* still = find(v->job_id())) still->verdict.reset();
    }
  }

  void retransmit(Job& job) {
    using lc::Phase;
    const Phase p = job.state.phase;
    if ((p == Phase::assigned || p == Phase::executing) && job.assignment_env) {
      // The announcement again first: an executor that restarted without its state needs
      // the spec to run the job.
      messenger_.send(job.assignment.executor(), v1::MSG_JOB_ANNOUNCEMENT, announcement(job));
      world_.send(job.assignment.executor(), *job.assignment_env);
    } else if ((p == Phase::receipted || p == Phase::validating) && job.receipt_env &&
               !job.state.decided) {
      for (const auto& v : job.assignment.validators())
        if (job.state.votes.count(v) == 0) world_.send(v, *job.receipt_env);
    } else if (p == Phase::disputed && !job.verdict && !job.arbiter.empty() && job.receipt_env) {
      world_.send(job.arbiter, *job.receipt_env);
    }
  }

  bool job_alive(const std::string& id) const { return by_id_.count(id) != 0; }

  // ---- the machine and its effects ----

  /// Feeds one event; true when the machine accepted it. May settle and erase the job.
  bool feed(Job& job, const lc::Event& event) {
    lc::Transition t = lc::step(job.state, event, world_.now());
    const bool accepted = t.accepted();
    job.state = std::move(t.state);
    carry_out(job, t.effects);
    return accepted;
  }

  void resolve_lock(Job& job) {
    if (job.state.phase != lc::Phase::submitted) return;
    const auto& escrows = cfg_.ledger->state().escrows;
    auto it = escrows.find(job.id);
    if (it != escrows.end() && it->second.payer == job.spec.submitter() && !it->second.released) {
      feed(job, lc::EscrowLocked{});
      return;
    }
    auto failed = lock_failures_.find(job.id);
    if (failed != lock_failures_.end()) feed(job, lc::EscrowFailed{failed->second});
  }

  void carry_out(Job& job, const std::vector<lc::Effect>& effects) {
    std::vector<const lc::Effect*> money;
    bool settled = false;
    lc::NotifyParties notify;
    for (const auto& effect : effects) {
      std::visit(Overloaded{
                     [&](const lc::LockEscrow&) {},  // resolved below, after the step
                     [&](const lc::AnnounceJob& e) { announce(job, e); },
                     [&](const lc::RequestSelection& e) {
                       for (const auto& bid : e.bids) {
                         auto it = job.bids.find(bid.executor());
                         if (it != job.bids.end()) world_.send(job.spec.submitter(), it->second);
                       }
                     },
                     [&](const lc::SendAssignment& e) {
                       world_.report("assigned", job.id + "|" + e.executor, 0);
                       world_.send(e.executor, *job.assignment_env);
                       world_.send(job.spec.submitter(), *job.assignment_env);  // acceptance echo
                       job.bids.clear();
                     },
                     [&](const lc::RequestValidation& e) {
                       for (const auto& v : e.validators) world_.send(v, *job.receipt_env);
                     },
                     [&](const lc::ReportEquivocation& e) {
                       world_.report("equivocation", e.job_id + "|" + e.offender, 0);
                     },
                     [&](const lc::NotifyParties& e) {
                       settled = true;
                       notify = e;
                     },
                     [&](const auto&) { money.push_back(&effect); },
                 },
                 effect);
    }
    if (!money.empty()) settle_money(job, money);
    if (settled) {
      finish(job, notify);
      return;
    }
    for (const auto& effect : effects)
      if (std::holds_alternative<lc::LockEscrow>(effect)) resolve_lock(job);
  }

  v1::JobAnnouncement announcement(const Job& job) const {
    v1::JobAnnouncement a;
    a.set_job_id(job.id);
    *a.mutable_spec() = job.spec;
    a.set_submitted_at_unix_ms(job.state.terms.submitted_at);
    a.set_bid_deadline_unix_ms(job.state.terms.bid_deadline);
    a.set_execution_deadline_unix_ms(job.state.terms.execution_deadline);
    return a;
  }

  void announce(const Job& job, const lc::AnnounceJob&) {
    const v1::JobAnnouncement a = announcement(job);
    // One envelope for all recipients: replay guards are per receiver.
    const v1::Envelope env = messenger_.seal(v1::MSG_JOB_ANNOUNCEMENT, a);
    const auto& executors = world_.directory().members(Role::executor);
    const std::size_t n = executors.size();
    const std::size_t fanout =
        std::min<std::size_t>(n, cfg_.announce_fanout == 0 ? 16 : cfg_.announce_fanout);
    std::set<std::size_t> chosen;
    while (chosen.size() < fanout) chosen.insert(world_.random().uniform(n));
    for (std::size_t i : chosen) world_.send(executors[i], env);
  }

  bool submit_tx(v1::LedgerTx tx, const std::string& what) {
    flush_due();  // sequenced participant transactions that are due go first
    tx.set_authorizer(me());
    tx.set_nonce(++nonce_);
    // The authority back-dates its own transactions by kAuthorityLagMs (never below the ledger
    // clock): the ledger keeps timestamps monotonic, and a participant's transaction signed
    // just before it would otherwise arrive "before the ledger clock" and be refused.
    const UnixMs now = world_.now();
    const UnixMs lagged = now > kAuthorityLagMs ? now - kAuthorityLagMs : 0;
    tx.set_timestamp_unix_ms(std::max(lagged, cfg_.ledger->state().clock));
    auto applied =
        cfg_.ledger->submit(ledger::sign_tx(tx, world_.signer()), world_.verifier(), world_.now());
    if (!applied) {
      world_.report("ledger_error",
                    what + "|" + applied.error().code + "|" + applied.error().message, 0);
      return false;
    }
    return true;
  }

  void settle_money(Job& job, const std::vector<const lc::Effect*>& money) {
    const auto& params = cfg_.params;
    const lc::JobState& s = job.state;
    bool release = false;
    bool pay_executor = false;
    std::vector<std::string> with_outcome;
    std::optional<std::string> arbiter, whistleblower;
    for (const lc::Effect* e : money) {
      if (std::holds_alternative<lc::PayExecutor>(*e)) pay_executor = release = true;
      if (auto* pv = std::get_if<lc::PayValidators>(e))
        with_outcome = pv->validators, release = true;
      if (auto* pa = std::get_if<lc::PayArbiter>(e)) arbiter = pa->arbiter, release = true;
      if (std::holds_alternative<lc::Refund>(*e)) release = true;
      if (auto* w = std::get_if<lc::RewardWhistleblower>(e)) whistleblower = w->whistleblower;
    }
    const auto& escrows = cfg_.ledger->state().escrows;
    auto escrow = escrows.find(job.id);
    if (release && escrow != escrows.end() && !escrow->second.released &&
        escrow->second.payer == job.spec.submitter()) {
      economics::SettlementInput in;
      in.payer = job.spec.submitter();
      in.executor = s.assignment ? s.assignment->executor : std::string();
      in.escrow = escrow->second.amount;
      in.payment = job.spec.payment();
      in.accepted_price = s.assignment ? s.assignment->price : 0;
      using R = lc::Resolution;
      const R r = s.resolution;
      in.result = pay_executor ? economics::JobResult::kAccepted
                  : (r == R::rejected_by_validators || r == R::arbitrated_wrong)
                      ? economics::JobResult::kRejected
                  : (r == R::inconclusive || r == R::arbitrated_inconclusive)
                      ? economics::JobResult::kInconclusive
                      : economics::JobResult::kNotDelivered;
      in.validators_with_outcome = with_outcome;
      in.arbiter = arbiter;
      auto payouts = economics::settle_escrow(in, params);
      if (!payouts) {
        world_.report("ledger_error", job.id + "|settle|" + payouts.error().message, 0);
      } else {
        v1::LedgerTx tx;
        auto* rel = tx.mutable_escrow_release();
        rel->set_job_id(job.id);
        for (const auto& p : *payouts) *rel->add_payouts() = p;
        if (submit_tx(tx, job.id + "|release")) {
          world_.report("escrow_released", job.id, static_cast<std::int64_t>(in.escrow));
        }
      }
    }
    const std::optional<std::string> harmed = job.spec.submitter();
    auto slash = [&](const std::string& account, v1::BondRole role, std::uint64_t amount,
                     const std::string& reason) {
      if (amount == 0) return;
      v1::LedgerTx tx;
      *tx.mutable_slash() = economics::make_slash(account, role, amount, job.id, reason,
                                                  whistleblower, harmed, params);
      // The ledger reads Slash.job_id as the bond slot (dispute bonds only): for role bonds
      // the job goes into the reason instead.
      if (role != v1::BOND_DISPUTE) {
        tx.mutable_slash()->clear_job_id();
        tx.mutable_slash()->set_reason(reason + " (job " + job.id + ")");
      }
      if (submit_tx(tx, job.id + "|slash")) {
        world_.report("slash", account + "|" + job.id + "|" + reason,
                      static_cast<std::int64_t>(amount));
      }
    };
    const auto& state = cfg_.ledger->state();
    for (const lc::Effect* e : money) {
      if (auto* se = std::get_if<lc::SlashExecutor>(e)) {
        const std::uint64_t bond = ledger::slashable(state, se->executor, v1::BOND_EXECUTOR);
        const std::uint64_t amount = se->fault == lc::ExecutorFault::wrong_result
                                         ? economics::slash_executor_wrong_result(bond, params)
                                     : se->fault == lc::ExecutorFault::no_show
                                         ? economics::slash_executor_no_show(bond, params)
                                         : economics::slash_executor_resource_overuse(bond, params);
        slash(se->executor, v1::BOND_EXECUTOR, amount, std::string(lc::to_string(se->fault)));
      } else if (auto* sv = std::get_if<lc::SlashValidators>(e)) {
        for (const auto& v : sv->validators) {
          const std::uint64_t bond = ledger::slashable(state, v, v1::BOND_VALIDATOR);
          const std::uint64_t amount = sv->fault == lc::ValidatorFault::wrong_vote
                                           ? economics::slash_validator_wrong_vote(bond, params)
                                           : economics::slash_validator_no_reveal(bond, params);
          slash(v, v1::BOND_VALIDATOR, amount, std::string(lc::to_string(sv->fault)));
        }
      } else if (auto* sa = std::get_if<lc::SlashAccuser>(e)) {
        const std::uint64_t bond = ledger::slashable(state, sa->accuser, v1::BOND_DISPUTE, job.id);
        slash(sa->accuser, v1::BOND_DISPUTE, economics::slash_griefing(bond, params), "griefing");
      }
    }
  }

  void finish(Job& job, const lc::NotifyParties& n) {
    const lc::JobState& s = job.state;
    const UnixMs now = world_.now();
    // Reputation moves only on outcomes the validators or an arbiter established.
    using R = lc::Resolution;
    if (cfg_.reputation && s.assignment) {
      std::optional<reputation::EstablishedOutcome> outcome;
      if (n.resolution == R::validated || n.resolution == R::rejected_by_validators) {
        auto o = reputation::EstablishedOutcome::from_quorum(
            job.assignment, job.reveals,
            validation::decision_threshold(s.terms.validators_k, s.terms.quorum));
        if (o) outcome = std::move(*o);
      } else if ((n.resolution == R::arbitrated_correct || n.resolution == R::arbitrated_wrong) &&
                 job.verdict) {
        auto o = reputation::EstablishedOutcome::from_verdict(*job.verdict, job.assignment);
        if (o) outcome = std::move(*o);
      } else if (n.resolution == R::no_show) {
        v1::Assignment a = job.assignment;
        a.set_execution_deadline_unix_ms(s.terms.execution_deadline);
        auto o = reputation::EstablishedOutcome::from_missed_deadline(a, now);
        if (o) outcome = std::move(*o);
      }
      if (outcome) cfg_.reputation->record(*outcome, now, cfg_.params);
    }
    const std::string executor = s.assignment ? s.assignment->executor : std::string("-");
    world_.report("settled",
                  job.id + "|" + std::string(lc::to_string(n.outcome)) + "|" +
                      std::string(lc::to_string(n.resolution)) + "|" + executor,
                  0);
    finished_.insert(job.id);
    lock_failures_.erase(job.id);
    by_id_.erase(job.id);
    jobs_.erase(job.index);
  }

  LedgerConfig cfg_;
  Messenger messenger_;
  std::uint64_t nonce_ = 0;
  std::uint64_t jobs_made_ = 0;
  std::map<std::uint64_t, Job> jobs_;
  std::map<std::string, std::uint64_t> by_id_;
  std::set<std::string> finished_;
  std::map<std::string, std::string> lock_failures_;
  std::map<std::pair<UnixMs, std::uint64_t>, std::pair<ledger::SignedTx, v1::LedgerTx>> sequencer_;
  std::uint64_t sequenced_ = 0;
  std::vector<std::string> pending_locks_;
};

}  // namespace

std::unique_ptr<RoleLogic> make_ledger(World& world, LedgerConfig config) {
  return std::make_unique<LedgerNode>(world, std::move(config));
}

}  // namespace icn::actors
