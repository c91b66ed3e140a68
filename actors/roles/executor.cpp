// Executor: bids on announced jobs (market::price_bid), runs what it is assigned (modelled:
// duration and output derived from the job) and reports a signed receipt to the ledger.
// Adversarial strategies change exactly one decision each.
#include <deque>
#include <map>

#include "actors/roles/roles.hpp"
#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "protocol/job/job_id.hpp"
#include "protocol/market/pricing.hpp"

namespace icn::actors {
namespace {

enum : std::uint8_t { kFinished = 1 };

class Executor : public RoleLogic {
 public:
  Executor(World& world, ExecutorConfig config)
      : RoleLogic(world),
        cfg_(std::move(config)),
        messenger_(world),
        cost_(market::cost_model_from(cfg_.params)) {}

  void on_restart(bool state_kept) override {
    running_.clear();  // work in progress died with the process; the ledger re-sends assignments
    if (!state_kept) {
      known_.clear();
      expiry_.clear();
      receipts_.clear();
      messenger_.forget_peers();
    }
  }

  void on_envelope(const std::string& from, const v1::Envelope& env) override {
    if (from != ledger_did(world_)) return;
    if (env.type() == v1::MSG_JOB_ANNOUNCEMENT) {
      auto a = messenger_.open_direct<v1::JobAnnouncement>(from, env, v1::MSG_JOB_ANNOUNCEMENT);
      if (a) on_announcement(*a);
    } else if (env.type() == v1::MSG_ASSIGNMENT) {
      auto a = messenger_.open_forwarded<v1::Assignment>(env, v1::MSG_ASSIGNMENT);
      if (!a || a->executor() != world_.signer().did()) return;
      auto known = known_.find(a->job_id());
      // Only the job's submitter may assign it.
      if (known == known_.end() || known->second.submitter != env.signer()) return;
      on_assignment(*a);
    }
  }

  void on_timer(std::uint64_t tag) override {
    if (tag_kind(tag) != kFinished) return;
    auto it = running_.find(tag_index(tag));
    if (it == running_.end()) return;
    const std::string job_id = it->second;
    running_.erase(it);
    finish(job_id);
  }

 private:
  struct Known {
    std::string submitter;
    UnixMs execution_deadline = 0;
    std::uint64_t max_wall_time_ms = 0;
    std::string code_hash, input_hash;
  };

  void prune(UnixMs now) {
    while (!expiry_.empty() && expiry_.front().first + kKeepMs < now) {
      const std::string& id = expiry_.front().second;
      known_.erase(id);
      receipts_.erase(id);
      expiry_.pop_front();
    }
  }

  void on_announcement(const v1::JobAnnouncement& a) {
    const UnixMs now = world_.now();
    prune(now);
    const v1::JobSpec& spec = a.spec();
    if (icn::job_id(spec) != a.job_id()) return;  // a relay must not alter the spec
    if (known_.count(a.job_id())) return;         // a re-announcement: we already bid
    market::BidPrice price = market::price_bid(spec, cost_, cfg_.params);
    if (cfg_.strategy == Strategy::bid_spam) {
      // Undercuts everyone: a quarter of its cost, on every job.
      price.bid = true;
      price.price = std::max<std::uint64_t>(1, price.cost / 4);
    }
    known_[a.job_id()] =
        Known{spec.submitter(), a.execution_deadline_unix_ms(), spec.resources().max_wall_time_ms(),
              spec.runtime().code().hash(), icn::input_digest(spec)};
    expiry_.emplace_back(a.execution_deadline_unix_ms(), a.job_id());
    if (!price.bid) return;
    v1::Bid bid;
    bid.set_job_id(a.job_id());
    bid.set_executor(world_.signer().did());
    bid.set_price(price.price);
    *bid.mutable_offered() = cfg_.offered;
    for (auto r : cfg_.runtimes) bid.add_runtimes(r);
    bid.set_valid_until_unix_ms(a.execution_deadline_unix_ms());
    bid.set_bond(cfg_.bond);
    bid.set_latency_ms(cfg_.latency_ms);
    bid.set_federation(cfg_.federation);
    for (const auto& c : cfg_.capabilities) bid.add_capabilities(c);
    bid.set_estimated_duration_ms(
        modelled_run_ms(a.job_id(), spec.resources().max_wall_time_ms(), cfg_.speed_percent));
    messenger_.send(ledger_did(world_), v1::MSG_BID, bid);
  }

  void on_assignment(const v1::Assignment& a) {
    auto done = receipts_.find(a.job_id());
    if (done != receipts_.end()) {  // the ledger missed our receipt: send it again
      messenger_.send(ledger_did(world_), v1::MSG_EXECUTION_RECEIPT, done->second);
      return;
    }
    for (const auto& [index, id] : running_)
      if (id == a.job_id()) return;  // already running
    if (cfg_.strategy == Strategy::no_show) {
      world_.report("no_show", a.job_id(), 0);
      return;
    }
    const Known& k = known_.at(a.job_id());
    DurationMs run = modelled_run_ms(a.job_id(), k.max_wall_time_ms, cfg_.speed_percent);
    if (cfg_.strategy == Strategy::late_delivery) {
      const UnixMs now = world_.now();
      const UnixMs late = k.execution_deadline + cfg_.late_by_ms;
      run = late > now ? late - now : run;
    }
    const std::uint64_t index = ++runs_;
    running_[index] = a.job_id();
    world_.set_timer(run, make_tag(kFinished, index));
  }

  void finish(const std::string& job_id) {
    auto k = known_.find(job_id);
    if (k == known_.end()) return;
    v1::ExecutionReceipt r;
    r.set_job_id(job_id);
    r.set_executor(world_.signer().did());
    r.set_code_hash(k->second.code_hash);
    r.set_input_hash(k->second.input_hash);
    r.set_output_hash(cfg_.strategy == Strategy::wrong_result
                          ? wrong_output_hash(job_id, world_.signer().did())
                          : correct_output_hash(job_id));
    const DurationMs wall = modelled_run_ms(job_id, k->second.max_wall_time_ms, cfg_.speed_percent);
    r.mutable_metering()->set_wall_ms(wall);
    r.mutable_metering()->set_cpu_ms(wall);
    r.set_status(v1::EXEC_OK);
    r.set_finished_at_unix_ms(world_.now());
    receipts_[job_id] = r;
    messenger_.send(ledger_did(world_), v1::MSG_EXECUTION_RECEIPT, r);
  }

  // Announcements are forgotten this long after their execution deadline.
  static constexpr DurationMs kKeepMs = 10 * 60 * 1000;

  ExecutorConfig cfg_;
  Messenger messenger_;
  market::CostModel cost_;
  std::map<std::string, Known> known_;
  std::deque<std::pair<UnixMs, std::string>> expiry_;
  std::map<std::string, v1::ExecutionReceipt> receipts_;
  std::map<std::uint64_t, std::string> running_;
  std::uint64_t runs_ = 0;
};

}  // namespace

std::unique_ptr<RoleLogic> make_executor(World& world, ExecutorConfig config) {
  return std::make_unique<Executor>(world, std::move(config));
}

}  // namespace icn::actors
