#include "actors/roles/ledger/job_coordinator.hpp"

#include <algorithm>
#include <utility>
#include <variant>

#include "actors/stored_number.hpp"

#include "proto/execution.pb.h"
#include "proto/storage.pb.h"
#include "proto/validation.pb.h"
#include "protocol/core/overloaded.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_validate.hpp"
#include "protocol/lifecycle/job_record.hpp"
#include "protocol/market/announce.hpp"
#include "protocol/settlement/settlement.hpp"
#include "protocol/validation/arbiter_choice.hpp"

namespace icn::actors {

namespace lc = icn::lifecycle;

namespace {

constexpr const char* kJobPrefix = "coordinator/job/";
constexpr const char* kSettledPrefix = "coordinator/settled/";
constexpr const char* kMadeKey = "coordinator/jobs_made";

SharedEnvelope parse_envelope(const std::string& bytes) {
  auto env = std::make_shared<v1::Envelope>();
  if (!env->ParseFromString(bytes)) return nullptr;
  return env;
}

}  // namespace

JobCoordinator::JobCoordinator(World& world, Messenger& messenger, LedgerAuthority& authority,
                               ReputationKeeper& reputation, const LedgerConfig& config)
    : world_(world),
      messenger_(messenger),
      authority_(authority),
      reputation_(reputation),
      config_(config) {}

// ---- restart ----

void JobCoordinator::start() {
  Storage& disk = world_.storage();
  // A damaged counter is rebuilt from the stored jobs' own indexes (below).
  if (auto made = disk.get(kMadeKey)) jobs_made_ = parse_stored_number(*made).value_or(0);
  for (const auto& [key, bytes] : disk.scan(kJobPrefix)) {
    v1::CoordinatedJob stored;
    auto state = stored.ParseFromString(bytes) ? lc::from_record(stored.record())
                                               : Expected<lc::JobState>(fail("unreadable", key));
    if (!state) {
      // Our own disk gave back something unreadable: say so, and leave the job to expire.
      world_.emit(events::LedgerError{"restore " + key, state.error().code, state.error().message});
      continue;
    }
    Job job;
    job.index = stored.index();
    jobs_made_ = std::max(jobs_made_, job.index);
    job.id = key.substr(std::string(kJobPrefix).size());
    job.spec = std::move(*stored.mutable_spec());
    job.state = std::move(*state);
    for (const auto& b : stored.bid_envelopes()) {
      if (auto env = parse_envelope(b)) job.bids[env->signer()] = env;
    }
    if (!stored.assignment_envelope().empty()) {
      job.assignment_env = parse_envelope(stored.assignment_envelope());
      if (job.assignment_env) job.assignment.ParseFromString(job.assignment_env->payload());
    }
    if (!stored.receipt_envelope().empty())
      job.receipt_env = parse_envelope(stored.receipt_envelope());
    job.arbiter = stored.arbiter();
    job.verdict_received = stored.verdict_received();
    by_id_[job.id] = job.index;
    Job& placed = jobs_[job.index] = std::move(job);
    schedule(placed);
  }
}

// ---- messages ----

void JobCoordinator::on_submission(const std::string& from, const v1::Envelope& env) {
  auto sub = messenger_.open_direct<v1::JobSubmission>(from, env, v1::MSG_JOB_SUBMISSION);
  if (!sub || sub->spec().submitter() != env.signer()) return;
  const std::string id = icn::job_id(sub->spec());
  if (by_id_.count(id) || settled_before(id)) return;  // a retransmission
  const UnixMs now = world_.now();
  if (auto problems = validate_spec(sub->spec(), now); !problems.empty()) {
    world_.emit(events::SubmissionRefused{
        id, problems.front().field_path + ": " + problems.front().reason});
    return;
  }
  auto terms = lc::terms_from_spec(sub->spec(), id, now);
  if (!terms) {
    world_.emit(events::SubmissionRefused{id, terms.error().message});
    return;
  }
  const std::uint64_t index = ++jobs_made_;
  world_.storage().put(kMadeKey, std::to_string(jobs_made_));
  Job& job = jobs_[index];
  job.index = index;
  job.id = id;
  job.spec = std::move(*sub->mutable_spec());
  by_id_[id] = index;
  world_.emit(events::JobSubmitted{id, job.spec.submitter(), lc::final_deadline(*terms)});
  feed(job, lc::Submit{*terms});
}

void JobCoordinator::on_bid(const std::string& from, const SharedEnvelope& env) {
  auto bid = messenger_.open_direct<v1::Bid>(from, *env, v1::MSG_BID);
  if (!bid || bid->executor() != env->signer()) return;
  Job* job = find(bid->job_id());
  if (!job) return;
  const std::string executor = bid->executor();
  const std::string job_id = job->id;
  // Kept before feeding (the step saves the job); dropped again if the machine refuses it.
  SharedEnvelope previous = std::exchange(job->bids[executor], env);
  if (!feed(*job, lc::BidReceived{std::move(*bid)})) {
    if (Job* still = find(job_id)) {
      if (previous)
        still->bids[executor] = std::move(previous);
      else
        still->bids.erase(executor);
    }
  }
}

void JobCoordinator::on_assignment(const std::string& from, const SharedEnvelope& env) {
  auto a = messenger_.open_direct<v1::Assignment>(from, *env, v1::MSG_ASSIGNMENT);
  if (!a) return;
  Job* job = find(a->job_id());
  if (!job || env->signer() != job->spec.submitter()) return;
  if (job->assignment_env) {  // a retransmission: echo our acceptance again
    if (job->assignment.executor() == a->executor()) world_.send(from, job->assignment_env);
    return;
  }
  auto bid = job->bids.find(a->executor());
  if (bid == job->bids.end() || envelope_digest(*bid->second) != a->bid_digest()) {
    world_.emit(events::AssignmentRefused{job->id, "no such bid"});
    return;
  }
  lc::Assign assign{a->executor(), a->price(),
                    std::vector<std::string>(a->validators().begin(), a->validators().end()),
                    a->bid_digest()};
  // Kept before feeding: the SendAssignment effect of this very step forwards it.
  job->assignment_env = env;
  job->assignment = *a;
  const std::string job_id = job->id;
  if (!feed(*job, assign)) {
    if (Job* still = find(job_id)) {
      still->assignment_env.reset();
      still->assignment.Clear();
      world_.emit(events::AssignmentRefused{job_id, "refused by the lifecycle"});
    }
  }
}

void JobCoordinator::on_receipt(const std::string& from, const SharedEnvelope& env) {
  auto r = messenger_.open_direct<v1::ExecutionReceipt>(from, *env, v1::MSG_EXECUTION_RECEIPT);
  if (!r) return;
  Job* job = find(r->job_id());
  if (!job) return;
  const bool had = job->state.receipt.has_value();
  const std::string job_id = job->id;
  const v1::ExecStatus status = r->status();
  if (!had) job->receipt_env = env;  // kept before feeding: RequestValidation forwards it
  const bool accepted = feed(*job, lc::ReceiptReceived{env->signer(), std::move(*r)});
  if (had) return;
  Job* still = find(job_id);
  if (accepted && (!still || still->state.receipt)) {
    world_.emit(events::ReceiptAccepted{job_id, env->signer(), status});
  } else if (still) {
    still->receipt_env.reset();
  }
}

void JobCoordinator::on_reveal(const std::string& from, const v1::Envelope& env) {
  auto v = messenger_.open_direct<v1::ValidationReveal>(from, env, v1::MSG_VALIDATION_REVEAL);
  if (!v || v->validator() != env.signer()) return;
  Job* job = find(v->job_id());
  if (!job) return;
  feed(*job, lc::VoteReceived{env.signer(), v->vote(), v->output_hash()});
}

void JobCoordinator::on_dispute(const std::string& from, const v1::Envelope& env) {
  auto d = messenger_.open_direct<v1::Dispute>(from, env, v1::MSG_DISPUTE);
  if (!d || d->opener() != env.signer()) return;
  Job* job = find(d->job_id());
  if (!job) return;
  const bool was_disputed = job->state.phase == lc::Phase::disputed;
  const std::string job_id = job->id;
  if (!feed(*job, lc::DisputeOpened{env.signer(), d->reason(), d->claimed_output_hash()})) return;
  job = find(job_id);
  if (!job || was_disputed || job->state.phase != lc::Phase::disputed) return;
  world_.emit(events::DisputeOpened{job_id, env.signer()});
  request_arbitration(*job);
  save(*job);
}

void JobCoordinator::on_verdict(const std::string& from, const v1::Envelope& env) {
  auto v = messenger_.open_direct<v1::Verdict>(from, env, v1::MSG_VERDICT);
  if (!v || v->arbiter() != env.signer()) return;
  Job* job = find(v->job_id());
  if (!job || job->arbiter != env.signer() || job->verdict_received) return;
  job->verdict_received = true;
  world_.emit(events::VerdictIssued{job->id, env.signer(), v->outcome()});
  const std::string job_id = job->id;
  lc::VerdictIssued verdict{env.signer(), v->outcome(), v->correct_output_hash(),
                            std::vector<std::string>(v->faulty().begin(), v->faulty().end())};
  if (!feed(*job, verdict)) {
    if (Job* still = find(job_id)) still->verdict_received = false;
  }
}

void JobCoordinator::on_timer(std::uint8_t kind, std::uint64_t index) {
  auto it = jobs_.find(index);
  if (it == jobs_.end()) return;
  Job& job = it->second;
  if (kind == kDeadlineTimer) {
    if (world_.now() >= job.deadline_armed) job.deadline_armed = 0;
    feed(job, lc::Tick{});
  } else if (kind == kRetryTimer) {
    job.retry_armed = false;
    retransmit(job);
    schedule(job);
  }
}

void JobCoordinator::on_lock_results(std::vector<LockResult> results) {
  for (auto& r : results) {
    if (r.refused.empty()) world_.emit(events::EscrowLocked{r.job_id, r.amount});
    if (Job* job = find(r.job_id)) {
      if (r.refused.empty()) {
        resolve_lock(*job);
      } else if (job->state.phase == lc::Phase::submitted) {
        world_.emit(events::EscrowRefused{r.job_id, r.refused});
        feed(*job, lc::EscrowFailed{r.refused});
      }
    } else if (!r.refused.empty()) {
      lock_failures_[r.job_id] = r.refused;  // the submission has not arrived yet
    } else if (settled_before(r.job_id)) {
      // Locked after its job already ended (a late retransmission): give it back at once.
      const auto refund = settlement::late_escrow_refund(r.job_id, r.payer, r.amount);
      if (authority_.apply(refund.tx, r.job_id + " " + refund.what))
        world_.emit(events::EscrowReleased{r.job_id, r.amount});
    }
  }
}

// ---- the machine and its effects ----

JobCoordinator::Job* JobCoordinator::find(const std::string& job_id) {
  auto it = by_id_.find(job_id);
  return it == by_id_.end() ? nullptr : &jobs_.at(it->second);
}

bool JobCoordinator::feed(Job& job, const lc::Event& event) {
  lc::Transition t = lc::step(std::move(job.state), event, world_.now());
  job.state = std::move(t.state);
  const bool accepted = t.accepted();
  const bool settles = std::any_of(t.effects.begin(), t.effects.end(), [](const lc::Effect& e) {
    return std::holds_alternative<lc::NotifyParties>(e);
  });
  if (settles) {
    carry_out(job, t.effects);
    settle(job, t.effects);  // erases the job
    return accepted;
  }
  carry_out(job, t.effects);
  if (accepted || !t.effects.empty()) save(job);
  schedule(job);
  return accepted;
}

void JobCoordinator::carry_out(Job& job, const std::vector<lc::Effect>& effects) {
  bool lock_requested = false;
  for (const auto& effect : effects) {
    std::visit(Overloaded{
                   [&](const lc::LockEscrow&) { lock_requested = true; },
                   [&](const lc::AnnounceJob&) { announce(job); },
                   [&](const lc::RequestSelection& e) {
                     const std::string& submitter = job.spec.submitter();
                     for (const auto& bid : e.bids) {
                       auto it = job.bids.find(bid.executor());
                       if (it != job.bids.end()) world_.send(submitter, it->second);
                     }
                   },
                   [&](const lc::SendAssignment& e) {
                     world_.emit(events::Assigned{job.id, e.executor});
                     world_.send(e.executor, job.assignment_env);
                     world_.send(job.spec.submitter(), job.assignment_env);  // acceptance echo
                     job.bids.clear();  // the losing bids are no longer needed
                   },
                   [&](const lc::RequestValidation& e) { request_validation(job, e.validators); },
                   [&](const lc::ReportEquivocation& e) {
                     world_.emit(events::Equivocation{e.job_id, e.offender});
                   },
                   // Money effects and the notice are carried out by settle(), which sees the
                   // whole settling step at once.
                   [&](const lc::PayExecutor&) {},
                   [&](const lc::PayValidators&) {},
                   [&](const lc::PayArbiter&) {},
                   [&](const lc::Refund&) {},
                   [&](const lc::SlashExecutor&) {},
                   [&](const lc::SlashValidators&) {},
                   [&](const lc::SlashAccuser&) {},
                   [&](const lc::ReturnDisputeBond&) {},
                   [&](const lc::RewardWhistleblower&) {},
                   [&](const lc::NotifyParties&) {},
               },
               effect);
  }
  if (lock_requested) resolve_lock(job);
}

void JobCoordinator::resolve_lock(Job& job) {
  if (job.state.phase != lc::Phase::submitted) return;
  const auto& escrows = authority_.state().escrows;
  auto it = escrows.find(job.id);
  if (it != escrows.end() && it->second.payer == job.spec.submitter() && !it->second.released) {
    feed(job, lc::EscrowLocked{});
    return;
  }
  auto failed = lock_failures_.find(job.id);
  if (failed != lock_failures_.end()) {
    const std::string code = failed->second;
    lock_failures_.erase(failed);
    world_.emit(events::EscrowRefused{job.id, code});
    feed(job, lc::EscrowFailed{code});
  }
}

void JobCoordinator::settle(Job& job, const std::vector<lc::Effect>& effects) {
  const lc::JobState& s = job.state;
  auto plan = settlement::plan_settlement(s, effects, authority_.state(), config_.params);
  if (!plan) {
    world_.emit(events::LedgerError{job.id + " settle", plan.error().code, plan.error().message});
  } else {
    for (auto& planned : *plan) {
      const v1::LedgerTx tx = planned.tx;
      if (!authority_.apply(std::move(planned.tx), job.id + " " + planned.what)) continue;
      if (tx.has_escrow_release()) {
        std::uint64_t total = 0;
        for (const auto& p : tx.escrow_release().payouts()) total += p.amount();
        world_.emit(events::EscrowReleased{job.id, total});
      } else if (tx.has_slash()) {
        world_.emit(
            events::Slashed{tx.slash().account(), job.id, planned.what, tx.slash().amount()});
      }
    }
  }
  if (auto outcome = settlement::reputation_outcome(s, world_.now())) reputation_.record(*outcome);

  const std::string executor = s.assignment ? s.assignment->executor : std::string();
  v1::SettlementNotice notice;
  notice.set_job_id(job.id);
  notice.set_outcome(std::string(lc::to_string(s.outcome)));
  notice.set_resolution(std::string(lc::to_string(s.resolution)));
  if (job.receipt_env) notice.set_receipt_envelope(job.receipt_env->SerializeAsString());
  messenger_.send(job.spec.submitter(), v1::MSG_SETTLEMENT_NOTICE, notice);
  world_.emit(events::Settled{job.id, s.outcome, s.resolution, executor});

  v1::SettledJob record;
  record.set_job_id(job.id);
  record.set_submitter(job.spec.submitter());
  record.set_executor(executor);
  record.set_outcome(static_cast<std::uint32_t>(s.outcome));
  record.set_resolution(static_cast<std::uint32_t>(s.resolution));
  record.set_settled_at_unix_ms(world_.now());
  Storage& disk = world_.storage();
  disk.put(kSettledPrefix + job.id, record.SerializeAsString());
  disk.erase(kJobPrefix + job.id);
  lock_failures_.erase(job.id);
  by_id_.erase(job.id);
  jobs_.erase(job.index);
}

// ---- timers ----

bool JobCoordinator::needs_retransmission(const Job& job) const {
  using lc::Phase;
  switch (job.state.phase) {
    case Phase::assigned:
    case Phase::executing:
      return job.assignment_env != nullptr;
    case Phase::receipted:
    case Phase::validating:
    case Phase::decided:
      // Every sampled validator is asked until it voted or the validation deadline passed --
      // also after an early quorum: a lost request to the one honest validator must not let a
      // lazy or colluding majority go unchallenged.
      return job.receipt_env != nullptr && !silent_validators(job).empty() &&
             world_.now() < job.state.terms.validation_deadline;
    case Phase::disputed:
      return !job.verdict_received && !job.arbiter.empty();
    default:
      return false;
  }
}

std::vector<std::string> JobCoordinator::silent_validators(const Job& job) const {
  std::vector<std::string> silent;
  if (!job.state.assignment) return silent;
  for (const auto& v : job.state.assignment->validators)
    if (job.state.votes.count(v) == 0) silent.push_back(v);
  return silent;
}

void JobCoordinator::schedule(Job& job) {
  const UnixMs now = world_.now();
  if (auto next = lc::next_deadline(job.state);
      next && (job.deadline_armed == 0 || *next < job.deadline_armed)) {
    job.deadline_armed = *next;
    world_.set_timer(*next > now ? *next - now : 0, make_tag(kDeadlineTimer, job.index));
  }
  if (!job.retry_armed && needs_retransmission(job)) {
    job.retry_armed = true;
    world_.set_timer(retry_ms(), make_tag(kRetryTimer, job.index));
  }
}

void JobCoordinator::retransmit(Job& job) {
  using lc::Phase;
  if (!needs_retransmission(job)) return;
  switch (job.state.phase) {
    case Phase::assigned:
    case Phase::executing: {
      // The announcement first: an executor that restarted without its state needs the spec.
      const std::string& executor = job.assignment.executor();
      messenger_.send(executor, v1::MSG_JOB_ANNOUNCEMENT, announcement(job));
      world_.send(executor, job.assignment_env);
      break;
    }
    case Phase::receipted:
    case Phase::validating:
    case Phase::decided:
      request_validation(job, silent_validators(job));
      break;
    case Phase::disputed:
      request_arbitration(job);
      break;
    default:
      break;
  }
}

// ---- outgoing requests ----

v1::JobAnnouncement JobCoordinator::announcement(const Job& job) const {
  v1::JobAnnouncement a;
  a.set_job_id(job.id);
  *a.mutable_spec() = job.spec;
  a.set_submitted_at_unix_ms(job.state.terms.submitted_at);
  a.set_bid_deadline_unix_ms(job.state.terms.bid_deadline);
  a.set_execution_deadline_unix_ms(job.state.terms.execution_deadline);
  return a;
}

void JobCoordinator::announce(const Job& job) {
  const std::size_t fanout = config_.announce_fanout == 0 ? 16 : config_.announce_fanout;
  const auto sample =
      market::announce_sample(job.id, world_.directory().members(Role::executor), fanout);
  // One sealed envelope for every recipient: replay guards are per receiver.
  const SharedEnvelope env = messenger_.seal(v1::MSG_JOB_ANNOUNCEMENT, announcement(job));
  for (const auto& executor : sample) world_.send(executor, env);
}

SharedEnvelope JobCoordinator::reexecution_request(const Job& job, v1::MessageType type,
                                                   UnixMs deadline) {
  v1::ReexecutionRequest request;
  *request.mutable_spec() = job.spec;
  request.set_receipt_envelope(job.receipt_env->SerializeAsString());
  request.set_deadline_unix_ms(deadline);
  return messenger_.seal(type, request);
}

void JobCoordinator::request_validation(const Job& job,
                                        const std::vector<std::string>& validators) {
  if (!job.receipt_env || validators.empty()) return;
  const SharedEnvelope env =
      reexecution_request(job, v1::MSG_VALIDATION_REQUEST, job.state.terms.validation_deadline);
  for (const auto& v : validators) world_.send(v, env);
}

void JobCoordinator::request_arbitration(Job& job) {
  if (!job.receipt_env) return;  // the dispute lapses at the arbitration deadline
  if (job.arbiter.empty()) {
    std::vector<std::string> parties{job.spec.submitter()};
    if (job.state.assignment) {
      parties.push_back(job.state.assignment->executor);
      for (const auto& v : job.state.assignment->validators) parties.push_back(v);
    }
    auto arbiter =
        validation::choose_arbiter(job.id, world_.directory().members(Role::arbiter), parties);
    if (!arbiter) return;  // nobody can arbitrate: the dispute lapses at its deadline
    job.arbiter = *arbiter;
    world_.emit(events::ArbiterChosen{job.id, job.arbiter});
  }
  world_.send(job.arbiter, reexecution_request(job, v1::MSG_ARBITRATION_REQUEST,
                                               job.state.terms.arbitration_deadline));
}

// ---- storage ----

void JobCoordinator::save(const Job& job) {
  v1::CoordinatedJob stored;
  stored.set_index(job.index);
  *stored.mutable_spec() = job.spec;
  *stored.mutable_record() = lc::to_record(job.state);
  for (const auto& [executor, env] : job.bids) stored.add_bid_envelopes(env->SerializeAsString());
  if (job.assignment_env) stored.set_assignment_envelope(job.assignment_env->SerializeAsString());
  if (job.receipt_env) stored.set_receipt_envelope(job.receipt_env->SerializeAsString());
  stored.set_arbiter(job.arbiter);
  stored.set_verdict_received(job.verdict_received);
  world_.storage().put(kJobPrefix + job.id, stored.SerializeAsString());
}

bool JobCoordinator::settled_before(const std::string& job_id) const {
  return world_.storage().get(kSettledPrefix + job_id).has_value();
}

}  // namespace icn::actors
