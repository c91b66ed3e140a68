// Submitter: makes jobs from its templates, locks their escrow, picks the executor among the
// bids the ledger forwards (market::select_executor, with the reputations of the ledger's
// latest signed snapshot), samples validators (market::sample_validators) and signs the
// assignment. Jobs in flight are kept in storage, so a restarted submitter carries on.
#include <map>
#include <optional>

#include "actors/messenger.hpp"
#include "actors/roles/roles.hpp"
#include "actors/stored_number.hpp"
#include "proto/ledger.pb.h"
#include "proto/market.pb.h"
#include "proto/storage.pb.h"
#include "protocol/economics/params.hpp"
#include "protocol/economics/rules.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/ledger/signed_tx.hpp"
#include "protocol/lifecycle/terms.hpp"
#include "protocol/market/sampling.hpp"
#include "protocol/market/selection.hpp"
#include "protocol/reputation/snapshot.hpp"
#include "protocol/wire/canonical.hpp"

namespace icn::actors {
namespace {

enum : std::uint8_t { kArrival = 1, kRetry = 2, kSelect = 3 };

using Stage = v1::SubmitterJob::Stage;

constexpr const char* kMadeKey = "submitter/made";
constexpr const char* kJobPrefix = "submitter/job/";

std::string job_key(std::uint64_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(index));
  return kJobPrefix + std::string(buf);
}

/// How long after a job's final deadline the submitter still waits for its settlement notice.
constexpr DurationMs kNoticeGraceMs = 30'000;

class Submitter : public RoleLogic {
 public:
  Submitter(World& world, SubmitterConfig config)
      : RoleLogic(world), cfg_(std::move(config)), messenger_(world) {
    cfg_.params = economics::with_defaults(cfg_.params);
    for (const auto& t : cfg_.templates) total_weight_ += t.weight == 0 ? 1 : t.weight;
  }

  void start() override {
    Storage& disk = world_.storage();
    if (auto made = disk.get(kMadeKey)) {
      // A damaged counter must not make the submitter generate its jobs a second time.
      made_ = parse_stored_number(*made).value_or(cfg_.quota);
    }
    for (const auto& [key, bytes] : disk.scan(kJobPrefix)) {
      v1::SubmitterJob job;
      if (!job.ParseFromString(bytes) || job.job_id().empty()) {
        disk.erase(key);  // unreadable: the ledger expires the job and refunds its escrow
        continue;
      }
      by_id_[job.job_id()] = job.index();
      const std::uint64_t index = job.index();
      Job& j = jobs_[index];
      j.record = std::move(job);
      // Bids collected before the restart are gone: decide with what arrives from now on.
      if (j.record.stage() == v1::SubmitterJob::COLLECTING) arm_select(index, j);
      arm_retry(index);
    }
    arm_next_arrival(made_ == 0);
  }

  void on_envelope(const std::string& from, const SharedEnvelope& env) override {
    if (from != world_.directory().ledger()) return;  // the submitter only talks to the ledger
    switch (env->type()) {
      case v1::MSG_BID:
        on_bid(*env, env);
        break;
      case v1::MSG_ASSIGNMENT:
        on_assignment_echo(*env);
        break;
      case v1::MSG_SETTLEMENT_NOTICE:
        on_notice(from, *env);
        break;
      case v1::MSG_REPUTATION_SNAPSHOT:
        on_snapshot(from, *env);
        break;
      default:
        world_.emit(events::MessageRejected{env->type(), "unexpected_type"});
        break;
    }
  }

  void on_timer(std::uint64_t tag) override {
    const std::uint64_t index = tag_index(tag);
    switch (tag_kind(tag)) {
      case kArrival:
        if (made_ < cfg_.quota) make_job();
        arm_next_arrival(false);
        break;
      case kRetry:
        retry(index);
        break;
      case kSelect:
        select(index);
        break;
      default:
        break;
    }
  }

 private:
  struct Job {
    v1::SubmitterJob record;
    bool selection_armed = false;
    UnixMs retry_at = 0;                  // the retry timer that counts; earlier ones are stale
    std::map<std::string, v1::Bid> bids;  // by executor
    std::map<std::string, SharedEnvelope> bid_envelopes;
  };

  // ---- arrivals ----

  void arm_next_arrival(bool first) {
    if (made_ >= cfg_.quota) return;
    DurationMs delay =
        cfg_.poisson ? random_exponential(cfg_.mean_interval_ms) : cfg_.mean_interval_ms;
    if (first) {
      const UnixMs now = world_.now();
      const UnixMs begin = cfg_.start_unix_ms + cfg_.start_after_ms;
      const DurationMs wait = begin > now ? begin - now : 0;
      // Desynchronize submitters with a fixed interval: a random phase within one interval.
      delay = (!cfg_.poisson && cfg_.mean_interval_ms > 0)
                  ? world_.random().uniform(cfg_.mean_interval_ms) + wait
                  : delay + wait;
    }
    world_.set_timer(delay, make_tag(kArrival, 0));
  }

  DurationMs random_exponential(DurationMs mean) {
    // -mean * ln(U) by inversion on a 2^-20 grid: integer-only, no std:: distributions.
    std::uint64_t u = world_.random().uniform(1u << 20) + 1;  // 1..2^20
    // ln(2^20 / u) = (20 - log2 u) * ln 2, log2 by bit length plus linear interpolation.
    int bits = 0;
    while ((u >> (bits + 1)) != 0) ++bits;
    const std::uint64_t frac_q16 = ((u - (1ULL << bits)) << 16) >> bits;  // mantissa in Q16
    const std::uint64_t log2_q16 = (static_cast<std::uint64_t>(bits) << 16) + frac_q16;
    const std::uint64_t neg_ln_q16 = ((20ULL << 16) - log2_q16) * 45426 >> 16;  // * ln 2
    return std::max<DurationMs>(1, (mean * neg_ln_q16) >> 16);
  }

  const v1::JobSpec& pick_template() {
    std::uint64_t r = world_.random().uniform(total_weight_);
    for (const auto& t : cfg_.templates) {
      const std::uint64_t w = t.weight == 0 ? 1 : t.weight;
      if (r < w) return t.spec;
      r -= w;
    }
    return cfg_.templates.back().spec;
  }

  void make_job() {
    if (cfg_.templates.empty()) return;
    const std::uint64_t index = ++made_;
    world_.storage().put(kMadeKey, std::to_string(made_));
    const UnixMs now = world_.now();
    v1::SubmitterJob record;
    record.set_index(index);
    v1::JobSpec& spec = *record.mutable_spec();
    spec = pick_template();
    spec.set_submitter(world_.signer().did());
    spec.set_nonce(index);
    spec.set_created_at_unix_ms(now);
    record.set_job_id(icn::job_id(spec));
    record.set_stage(v1::SubmitterJob::SUBMITTING);
    record.set_submit_until_unix_ms(now + spec.deadlines().bid_window_ms());
    auto terms = lifecycle::terms_from_spec(spec, record.job_id(), now);
    record.set_give_up_at_unix_ms((terms ? lifecycle::final_deadline(*terms)
                                         : now + spec.deadlines().execution_deadline_ms()) +
                                  kNoticeGraceMs);
    world_.emit(events::JobCreated{record.job_id()});
    by_id_[record.job_id()] = index;
    Job& job = jobs_[index];
    job.record = std::move(record);
    save(job);
    send_submission(job.record);
    arm_retry(index);
  }

  // ---- retransmission ----

  /// While the submitter has something to (re)send it retries every retry_ms; otherwise it
  /// only wakes up to give up on a job whose settlement notice never came.
  void arm_retry(std::uint64_t index) {
    const Job& job = jobs_.at(index);
    const auto stage = job.record.stage();
    DurationMs delay = cfg_.retry_ms == 0 ? 500 : cfg_.retry_ms;
    const UnixMs now = world_.now();
    const bool resending =
        stage == v1::SubmitterJob::ASSIGNING ||
        (stage == v1::SubmitterJob::SUBMITTING && now < job.record.submit_until_unix_ms());
    if (!resending) {
      const UnixMs end = job.record.give_up_at_unix_ms();
      delay = end > now ? end - now : 0;
    }
    jobs_.at(index).retry_at = now + delay;
    world_.set_timer(delay, make_tag(kRetry, index));
  }

  void retry(std::uint64_t index) {
    auto it = jobs_.find(index);
    if (it == jobs_.end()) return;
    Job& job = it->second;
    const UnixMs now = world_.now();
    if (now < job.retry_at) return;  // superseded by a timer armed later
    if (now >= job.record.give_up_at_unix_ms()) {
      finish(index);
      return;
    }
    switch (job.record.stage()) {
      case v1::SubmitterJob::SUBMITTING:
        // After the bid window the ledger has either forwarded bids or expired the job.
        if (now < job.record.submit_until_unix_ms()) send_submission(job.record);
        break;
      case v1::SubmitterJob::ASSIGNING:
        messenger_.send(world_.directory().ledger(), v1::MSG_ASSIGNMENT, job.record.assignment());
        break;
      default:
        break;
    }
    arm_retry(index);
  }

  void send_submission(const v1::SubmitterJob& record) {
    const v1::JobSpec& spec = record.spec();
    auto escrow = economics::submitter_escrow(spec.payment());
    if (!escrow) return;
    v1::LedgerTx tx;
    tx.set_authorizer(world_.signer().did());
    nonce_ = std::max(nonce_ + 1, world_.now() * 1024);
    tx.set_nonce(nonce_);
    tx.set_timestamp_unix_ms(world_.now());
    auto* lock = tx.mutable_escrow_lock();
    lock->set_job_id(record.job_id());
    lock->set_payer(world_.signer().did());
    lock->set_amount(*escrow);
    const ledger::SignedTx signed_tx = ledger::sign_tx(tx, world_.signer());
    v1::LedgerEntry wire;  // a signed transaction travels as a LedgerEntry without height
    wire.set_tx_bytes(icn::to_string(signed_tx.tx_bytes));
    wire.set_signature(icn::to_string(signed_tx.signature));
    wire.set_scheme(signed_tx.scheme);
    const std::string& ledger = world_.directory().ledger();
    messenger_.send(ledger, v1::MSG_LEDGER_TX, wire);
    v1::JobSubmission submission;
    *submission.mutable_spec() = spec;
    messenger_.send(ledger, v1::MSG_JOB_SUBMISSION, submission);
  }

  // ---- messages from the ledger ----

  void on_bid(const v1::Envelope& env, const SharedEnvelope& shared) {
    auto bid = messenger_.open_forwarded<v1::Bid>(env, v1::MSG_BID);
    if (!bid || bid->executor() != env.signer()) return;
    auto it = by_id_.find(bid->job_id());
    if (it == by_id_.end()) return;
    Job& job = jobs_.at(it->second);
    if (job.record.stage() == v1::SubmitterJob::SUBMITTING) {
      job.record.set_stage(v1::SubmitterJob::COLLECTING);
      save(job);
    }
    if (job.record.stage() != v1::SubmitterJob::COLLECTING) return;
    job.bid_envelopes[bid->executor()] = shared;
    job.bids[bid->executor()] = std::move(*bid);
    arm_select(it->second, job);
  }

  void arm_select(std::uint64_t index, Job& job) {
    if (job.selection_armed) return;
    job.selection_armed = true;
    world_.set_timer(cfg_.selection_delay_ms, make_tag(kSelect, index));
  }

  void on_assignment_echo(const v1::Envelope& env) {
    // The ledger echoes our own assignment once it accepted it.
    if (env.signer() != world_.signer().did()) return;
    auto a = messenger_.open_forwarded<v1::Assignment>(env, v1::MSG_ASSIGNMENT);
    if (!a) return;
    auto it = by_id_.find(a->job_id());
    if (it == by_id_.end()) return;
    Job& job = jobs_.at(it->second);
    if (job.record.stage() != v1::SubmitterJob::ASSIGNING) return;
    job.record.set_stage(v1::SubmitterJob::ASSIGNED);
    save(job);
  }

  void on_notice(const std::string& from, const v1::Envelope& env) {
    auto notice =
        messenger_.open_direct<v1::SettlementNotice>(from, env, v1::MSG_SETTLEMENT_NOTICE);
    if (!notice) return;
    auto it = by_id_.find(notice->job_id());
    if (it != by_id_.end()) finish(it->second);
  }

  void on_snapshot(const std::string& from, const v1::Envelope& env) {
    auto snapshot =
        messenger_.open_direct<v1::ReputationSnapshot>(from, env, v1::MSG_REPUTATION_SNAPSHOT);
    if (!snapshot || snapshot->epoch() < reputation_epoch_) return;
    auto map = reputation::read_snapshot(*snapshot);
    if (!map) {
      world_.emit(events::MessageRejected{v1::MSG_REPUTATION_SNAPSHOT, map.error().code});
      return;
    }
    reputation_epoch_ = snapshot->epoch();
    reputations_ = std::move(*map);
  }

  // ---- the decision ----

  void select(std::uint64_t index) {
    auto it = jobs_.find(index);
    if (it == jobs_.end() || it->second.record.stage() != v1::SubmitterJob::COLLECTING) return;
    Job& job = it->second;
    const v1::JobSpec& spec = job.record.spec();
    std::vector<v1::Bid> bids;
    market::ReputationMap reputations;
    for (const auto& [executor, bid] : job.bids) {
      bids.push_back(bid);
      auto r = reputations_.find(executor);
      if (r != reputations_.end()) reputations[executor] = r->second;
    }
    auto selection = market::select_executor(spec, bids, reputations, cfg_.params, world_.now());
    if (!selection || !selection->winner) {
      world_.emit(
          events::NoWinner{job.record.job_id(), bids.size(),
                           selection ? selection->no_winner_reason : selection.error().message});
      finish(index);  // the ledger expires the job and refunds
      return;
    }
    const v1::Bid& winner = *selection->winner;
    const std::string digest = envelope_digest(*job.bid_envelopes.at(winner.executor()));
    const Bytes seed = market::validator_sample_seed(job.record.job_id(), digest);
    const std::vector<std::string> validators = market::sample_validators(
        world_.directory().members(Role::validator), spec.validation().validators(),
        {winner.executor(), world_.signer().did()}, seed);
    v1::Assignment& a = *job.record.mutable_assignment();
    a.set_job_id(job.record.job_id());
    a.set_executor(winner.executor());
    a.set_price(winner.price());
    a.set_bid_digest(digest);
    a.set_assigned_at_unix_ms(world_.now());
    a.set_execution_deadline_unix_ms(winner.valid_until_unix_ms());
    for (const auto& v : validators) a.add_validators(v);
    job.record.set_stage(v1::SubmitterJob::ASSIGNING);
    job.bid_envelopes.clear();
    job.bids.clear();
    save(job);
    messenger_.send(world_.directory().ledger(), v1::MSG_ASSIGNMENT, a);
    arm_retry(index);
  }

  void save(const Job& job) {
    world_.storage().put(job_key(job.record.index()), job.record.SerializeAsString());
  }

  void finish(std::uint64_t index) {
    auto it = jobs_.find(index);
    if (it == jobs_.end()) return;
    by_id_.erase(it->second.record.job_id());
    world_.storage().erase(job_key(index));
    jobs_.erase(it);
  }

  SubmitterConfig cfg_;
  Messenger messenger_;
  std::uint64_t total_weight_ = 0;
  std::uint64_t made_ = 0;
  std::uint64_t nonce_ = 0;
  std::map<std::uint64_t, Job> jobs_;
  std::map<std::string, std::uint64_t> by_id_;
  std::uint64_t reputation_epoch_ = 0;
  market::ReputationMap reputations_;
};

}  // namespace

std::unique_ptr<RoleLogic> make_submitter(World& world, SubmitterConfig config) {
  return std::make_unique<Submitter>(world, std::move(config));
}

}  // namespace icn::actors
