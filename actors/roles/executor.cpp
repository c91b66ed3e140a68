// Executor: bids on announced jobs (market::price_bid), runs what it is assigned through the
// world's execution service and reports a signed receipt to the ledger. It keeps nothing in
// storage: a restarted executor runs the job again when the ledger re-sends the assignment.
#include <deque>
#include <map>
#include <set>

#include "actors/messenger.hpp"
#include "actors/roles/roles.hpp"
#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "protocol/economics/params.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/market/pricing.hpp"

namespace icn::actors {
namespace {

/// Outputs up to this size travel inside the receipt; larger ones only by hash.
constexpr std::size_t kInlineOutputMax = 64 * 1024;
/// Announcements are forgotten this long after their execution deadline.
constexpr DurationMs kKeepMs = 10 * 60 * 1000;

class Executor : public RoleLogic {
 public:
  Executor(World& world, ExecutorConfig config)
      : RoleLogic(world),
        cfg_(std::move(config)),
        messenger_(world),
        cost_(market::cost_model_from(cfg_.params)) {
    cfg_.params = economics::with_defaults(cfg_.params);
    cost_ = market::cost_model_from(cfg_.params);
  }

  void on_envelope(const std::string& from, const SharedEnvelope& env) override {
    if (from != world_.directory().ledger()) return;
    if (env->type() == v1::MSG_JOB_ANNOUNCEMENT) {
      auto a = messenger_.open_direct<v1::JobAnnouncement>(from, *env, v1::MSG_JOB_ANNOUNCEMENT);
      if (a) on_announcement(*a, env);
    } else if (env->type() == v1::MSG_ASSIGNMENT) {
      auto a = messenger_.open_forwarded<v1::Assignment>(*env, v1::MSG_ASSIGNMENT);
      if (!a || a->executor() != world_.signer().did()) return;
      auto known = known_.find(a->job_id());
      // Only the job's submitter may assign it.
      if (known == known_.end() || known->second.submitter != env->signer()) return;
      on_assignment(*a, known->second);
    }
  }

  void on_timer(std::uint64_t) override {}

  void on_executed(std::uint64_t ticket, const ExecutionResult& result) override {
    auto it = tickets_.find(ticket);
    if (it == tickets_.end()) return;
    const std::string job_id = std::move(it->second);
    tickets_.erase(it);
    running_.erase(job_id);
    world_.emit(events::Executed{job_id, result.status, result.engine});
    auto k = known_.find(job_id);
    if (k == known_.end()) return;
    v1::ExecutionReceipt r;
    r.set_job_id(job_id);
    r.set_executor(world_.signer().did());
    r.set_code_hash(k->second.code_hash);
    r.set_input_hash(k->second.input_hash);
    r.set_output_hash(result.output_hash);
    if (result.output.size() <= kInlineOutputMax) r.set_output(result.output);
    *r.mutable_metering() = result.metering;
    r.set_status(result.status);
    r.set_detail(result.detail);
    r.set_finished_at_unix_ms(world_.now());
    messenger_.send(world_.directory().ledger(), v1::MSG_EXECUTION_RECEIPT, r);
    receipts_[job_id] = std::move(r);
  }

 private:
  struct Known {
    std::string submitter;
    UnixMs execution_deadline = 0;
    std::string code_hash, input_hash;
    SharedEnvelope announcement;  // shared with the other recipients: the spec, unparsed
  };

  void prune(UnixMs now) {
    while (!expiry_.empty() && expiry_.front().first + kKeepMs < now) {
      const std::string& id = expiry_.front().second;
      known_.erase(id);
      receipts_.erase(id);
      expiry_.pop_front();
    }
  }

  void on_announcement(const v1::JobAnnouncement& a, const SharedEnvelope& env) {
    prune(world_.now());
    const v1::JobSpec& spec = a.spec();
    if (icn::job_id(spec) != a.job_id()) return;  // a relay must not alter the spec
    if (known_.count(a.job_id())) return;         // a re-announcement: we already bid
    const market::BidPrice price = market::price_bid(spec, cost_, cfg_.params);
    known_[a.job_id()] = Known{spec.submitter(), a.execution_deadline_unix_ms(),
                               spec.runtime().code().hash(), icn::input_digest(spec), env};
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
    messenger_.send(world_.directory().ledger(), v1::MSG_BID, bid);
  }

  void on_assignment(const v1::Assignment& a, const Known& known) {
    auto done = receipts_.find(a.job_id());
    if (done != receipts_.end()) {
      // The ledger missed our receipt: send it again, sealed afresh -- the ledger's replay
      // guard has seen newer sequences of ours since, so the old envelope would be refused.
      messenger_.send(world_.directory().ledger(), v1::MSG_EXECUTION_RECEIPT, done->second);
      return;
    }
    if (running_.count(a.job_id())) return;  // already running
    v1::JobAnnouncement announcement;
    if (!announcement.ParseFromString(known.announcement->payload())) return;
    const std::uint64_t ticket = ++tickets_made_;
    running_.insert(a.job_id());
    tickets_[ticket] = a.job_id();
    world_.execute(ticket, ExecutionOrder{a.job_id(), std::move(*announcement.mutable_spec())});
  }

  ExecutorConfig cfg_;
  Messenger messenger_;
  market::CostModel cost_;
  std::map<std::string, Known> known_;
  std::deque<std::pair<UnixMs, std::string>> expiry_;
  std::map<std::string, v1::ExecutionReceipt> receipts_;
  std::set<std::string> running_;
  std::map<std::uint64_t, std::string> tickets_;
  std::uint64_t tickets_made_ = 0;
};

}  // namespace

std::unique_ptr<RoleLogic> make_executor(World& world, ExecutorConfig config) {
  return std::make_unique<Executor>(world, std::move(config));
}

}  // namespace icn::actors
