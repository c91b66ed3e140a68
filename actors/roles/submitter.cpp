// Submitter: makes jobs from the scenario's templates, locks their escrow, picks the executor
// among the bids the ledger forwards (market::select_executor), samples validators
// (market::sample_validators) and signs the assignment.
#include <map>
#include <optional>

#include "actors/roles/roles.hpp"
#include "proto/ledger.pb.h"
#include "proto/market.pb.h"
#include "protocol/economics/rules.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/ledger/signed_tx.hpp"
#include "protocol/market/sampling.hpp"
#include "protocol/market/selection.hpp"
#include "protocol/wire/canonical.hpp"

namespace icn::actors {
namespace {

enum : std::uint8_t { kArrival = 1, kRetrySubmit = 2, kSelect = 3, kRetryAssign = 4 };

class Submitter : public RoleLogic {
 public:
  Submitter(World& world, SubmitterConfig config)
      : RoleLogic(world), cfg_(std::move(config)), messenger_(world) {
    for (const auto& t : cfg_.templates) total_weight_ += t.weight == 0 ? 1 : t.weight;
  }

  void start() override { arm_next_arrival(true); }

  void on_restart(bool state_kept) override {
    if (!state_kept) {
      jobs_.clear();
      by_id_.clear();
      messenger_.forget_peers();
    }
    arm_next_arrival(false);
    for (auto& [index, job] : jobs_) arm_retry(index, job);
  }

  void on_envelope(const std::string& from, const v1::Envelope& env) override {
    if (from != ledger_did(world_)) return;  // the submitter only talks to the ledger
    if (env.type() == v1::MSG_BID) {
      auto bid = messenger_.open_forwarded<v1::Bid>(env, v1::MSG_BID);
      if (!bid || bid->executor() != env.signer()) return;
      auto it = by_id_.find(bid->job_id());
      if (it == by_id_.end()) return;
      Job& job = jobs_.at(it->second);
      if (job.stage == Stage::submitting) job.stage = Stage::collecting;
      if (job.stage != Stage::collecting) return;
      job.bid_envelopes[bid->executor()] = env;
      job.bids[bid->executor()] = *bid;
      if (!job.selection_armed) {
        job.selection_armed = true;
        world_.set_timer(cfg_.selection_delay_ms, make_tag(kSelect, it->second));
      }
    } else if (env.type() == v1::MSG_ASSIGNMENT && env.signer() == world_.signer().did()) {
      // The ledger echoes our assignment once it accepted it: done with this job.
      auto a = messenger_.open_forwarded<v1::Assignment>(env, v1::MSG_ASSIGNMENT);
      if (!a) return;
      auto it = by_id_.find(a->job_id());
      if (it != by_id_.end()) finish(it->second);
    }
  }

  void on_timer(std::uint64_t tag) override {
    const std::uint64_t index = tag_index(tag);
    switch (tag_kind(tag)) {
      case kArrival:
        if (made_ < cfg_.quota) make_job();
        arm_next_arrival(false);
        break;
      case kRetrySubmit:
      case kRetryAssign: {
        auto it = jobs_.find(index);
        if (it == jobs_.end()) return;
        Job& job = it->second;
        if (world_.now() >= job.give_up_at) {
          finish(index);
          return;
        }
        if (job.stage == Stage::submitting) {
          // After the bid window the ledger has either forwarded bids or expired the job.
          if (world_.now() >= job.submit_until) return;
          send_submission(job);
        }
        if (job.stage == Stage::assigning && job.assignment) {
          messenger_.send(ledger_did(world_), v1::MSG_ASSIGNMENT, *job.assignment);
        }
        arm_retry(index, job);
        break;
      }
      case kSelect:
        select(index);
        break;
      default:
        break;
    }
  }

 private:
  enum class Stage : std::uint8_t { submitting, collecting, assigning };
  struct Job {
    std::string id;
    v1::JobSpec spec;
    Stage stage = Stage::submitting;
    UnixMs give_up_at = 0;
    UnixMs submit_until = 0;
    bool selection_armed = false;
    std::map<std::string, v1::Bid> bids;
    std::map<std::string, v1::Envelope> bid_envelopes;
    std::optional<v1::Assignment> assignment;
  };

  void arm_next_arrival(bool first) {
    if (made_ >= cfg_.quota) return;
    DurationMs delay =
        cfg_.poisson ? random_exponential(cfg_.mean_interval_ms) : cfg_.mean_interval_ms;
    if (first) {
      const UnixMs now = world_.now();
      const UnixMs begin = cfg_.start_unix_ms + cfg_.start_after_ms;
      if (begin > now) delay += begin - now;
      // Desynchronize submitters with a fixed interval: a random phase within one interval.
      if (!cfg_.poisson && cfg_.mean_interval_ms > 0)
        delay = world_.random().uniform(cfg_.mean_interval_ms) + (begin > now ? begin - now : 0);
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
    const std::uint64_t index = ++made_;
    Job job;
    job.spec = pick_template();
    job.spec.set_submitter(world_.signer().did());
    job.spec.set_nonce(index);
    job.spec.set_created_at_unix_ms(world_.now());
    job.id = icn::job_id(job.spec);
    job.give_up_at = world_.now() + job.spec.deadlines().execution_deadline_ms();
    job.submit_until = world_.now() + job.spec.deadlines().bid_window_ms();
    world_.report("job_created", job.id, 0);
    send_submission(job);
    by_id_[job.id] = index;
    auto& stored = jobs_[index] = std::move(job);
    arm_retry(index, stored);
  }

  void arm_retry(std::uint64_t index, const Job& job) {
    if (job.stage == Stage::submitting)
      world_.set_timer(retry_delay(), make_tag(kRetrySubmit, index));
    else if (job.stage == Stage::assigning)
      world_.set_timer(retry_delay(), make_tag(kRetryAssign, index));
  }
  DurationMs retry_delay() const { return cfg_.retry_ms == 0 ? 500 : cfg_.retry_ms; }

  void send_submission(const Job& job) {
    auto escrow = economics::submitter_escrow(job.spec.payment());
    if (!escrow) return;
    v1::LedgerTx tx;
    tx.set_authorizer(world_.signer().did());
    nonce_ = std::max(nonce_ + 1, world_.now() * 1024);
    tx.set_nonce(nonce_);
    tx.set_timestamp_unix_ms(world_.now());
    auto* lock = tx.mutable_escrow_lock();
    lock->set_job_id(job.id);
    lock->set_payer(world_.signer().did());
    lock->set_amount(*escrow);
    const ledger::SignedTx signed_tx = ledger::sign_tx(tx, world_.signer());
    v1::LedgerEntry wire;  // a signed transaction travels as a LedgerEntry without height
    wire.set_tx_bytes(icn::to_string(signed_tx.tx_bytes));
    wire.set_signature(icn::to_string(signed_tx.signature));
    wire.set_scheme(signed_tx.scheme);
    const std::string& ledger = ledger_did(world_);
    messenger_.send(ledger, v1::MSG_LEDGER_TX, wire);
    v1::JobSubmission submission;
    *submission.mutable_spec() = job.spec;
    messenger_.send(ledger, v1::MSG_JOB_SUBMISSION, submission);
  }

  void select(std::uint64_t index) {
    auto it = jobs_.find(index);
    if (it == jobs_.end() || it->second.stage != Stage::collecting) return;
    Job& job = it->second;
    std::vector<v1::Bid> bids;
    market::ReputationMap reputations;
    for (const auto& [executor, bid] : job.bids) {
      bids.push_back(bid);
      if (auto r = world_.directory().reputation_ppm(executor)) reputations[executor] = *r;
    }
    auto selection =
        market::select_executor(job.spec, bids, reputations, cfg_.params, world_.now());
    if (!selection || !selection->winner) {
      world_.report("no_winner", job.id, static_cast<std::int64_t>(bids.size()));
      finish(index);  // the ledger expires the job and refunds
      return;
    }
    const v1::Bid& winner = *selection->winner;
    const std::string digest = envelope_digest(job.bid_envelopes.at(winner.executor()));
    const Bytes seed = market::validator_sample_seed(job.id, digest);
    const std::vector<std::string> validators = market::sample_validators(
        world_.directory().members(Role::validator), job.spec.validation().validators(),
        {winner.executor(), world_.signer().did()}, seed);
    v1::Assignment a;
    a.set_job_id(job.id);
    a.set_executor(winner.executor());
    a.set_price(winner.price());
    a.set_bid_digest(digest);
    a.set_assigned_at_unix_ms(world_.now());
    a.set_execution_deadline_unix_ms(winner.valid_until_unix_ms());
    for (const auto& v : validators) a.add_validators(v);
    job.assignment = a;
    job.stage = Stage::assigning;
    job.bid_envelopes.clear();
    job.bids.clear();
    messenger_.send(ledger_did(world_), v1::MSG_ASSIGNMENT, a);
    arm_retry(index, job);
  }

  void finish(std::uint64_t index) {
    auto it = jobs_.find(index);
    if (it == jobs_.end()) return;
    by_id_.erase(it->second.id);
    jobs_.erase(it);
  }

  SubmitterConfig cfg_;
  Messenger messenger_;
  std::uint64_t total_weight_ = 0;
  std::uint64_t made_ = 0;
  std::uint64_t nonce_ = 0;
  std::map<std::uint64_t, Job> jobs_;
  std::map<std::string, std::uint64_t> by_id_;
};

}  // namespace

std::unique_ptr<RoleLogic> make_submitter(World& world, SubmitterConfig config) {
  return std::make_unique<Submitter>(world, std::move(config));
}

const std::string& ledger_did(const World& world) {
  static const std::string none;
  const auto& members = world.directory().members(Role::ledger);
  return members.empty() ? none : members.front();
}

}  // namespace icn::actors
