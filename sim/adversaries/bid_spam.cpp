// Bid spam: the executor bids on every announced job at a quarter of its cost (its honest
// bids are swallowed), hoping to win work it is paid too little for.
#include "proto/market.pb.h"
#include "protocol/job/job_id.hpp"
#include "protocol/market/pricing.hpp"
#include "sim/adversaries/strategies.hpp"

namespace icn::sim {
namespace {

class BidSpam : public Adversary {
 public:
  BidSpam(actors::World& real, actors::ExecutorConfig config, const v1::EconomicParams& params)
      : Adversary(real), config_(std::move(config)), params_(params) {}

  void on_envelope(const std::string& from, const actors::SharedEnvelope& env) override {
    inner().on_envelope(from, env);  // the honest role learns the job (it runs what it wins)
    if (env->type() != v1::MSG_JOB_ANNOUNCEMENT) return;
    v1::JobAnnouncement a;
    if (!a.ParseFromString(env->payload()) || icn::job_id(a.spec()) != a.job_id()) return;
    if (!bid_on_.insert(a.job_id()).second) return;  // re-announced
    const market::BidPrice honest =
        market::price_bid(a.spec(), market::cost_model_from(params_), params_);
    v1::Bid bid;
    bid.set_job_id(a.job_id());
    bid.set_executor(real().signer().did());
    bid.set_price(std::max<std::uint64_t>(1, honest.cost / 4));
    *bid.mutable_offered() = config_.offered;
    for (auto r : config_.runtimes) bid.add_runtimes(r);
    bid.set_valid_until_unix_ms(a.execution_deadline_unix_ms());
    bid.set_bond(config_.bond);
    bid.set_latency_ms(config_.latency_ms);
    bid.set_federation(config_.federation);
    for (const auto& c : config_.capabilities) bid.add_capabilities(c);
    messenger_.send(from, v1::MSG_BID, bid);
  }

  void send(const std::string& to, actors::SharedEnvelope env) override {
    if (env->type() == v1::MSG_BID) return;  // the honest bid is replaced by the spam bid
    real().send(to, std::move(env));
  }

 private:
  actors::ExecutorConfig config_;
  v1::EconomicParams params_;
  std::set<std::string> bid_on_;
};

}  // namespace

std::unique_ptr<Adversary> make_bid_spam(actors::World& real, actors::ExecutorConfig executor,
                                         const v1::EconomicParams& params) {
  return std::make_unique<BidSpam>(real, std::move(executor), params);
}

}  // namespace icn::sim
