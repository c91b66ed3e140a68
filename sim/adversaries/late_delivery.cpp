// Late delivery: the executor runs the job, then holds the receipt until late_by_ms after the
// job's execution deadline (read from the assignment it received).
#include <map>

#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "sim/adversaries/strategies.hpp"

namespace icn::sim {
namespace {

class LateDelivery : public Adversary {
 public:
  LateDelivery(actors::World& real, DurationMs late_by) : Adversary(real), late_by_(late_by) {}

  void on_envelope(const std::string& from, const actors::SharedEnvelope& env) override {
    if (env->type() == v1::MSG_ASSIGNMENT) {
      v1::Assignment a;
      if (a.ParseFromString(env->payload())) deadline_[a.job_id()] = a.execution_deadline_unix_ms();
    }
    inner().on_envelope(from, env);
  }

  void send(const std::string& to, actors::SharedEnvelope env) override {
    v1::ExecutionReceipt r;
    if (env->type() != v1::MSG_EXECUTION_RECEIPT || !r.ParseFromString(env->payload())) {
      real().send(to, std::move(env));
      return;
    }
    const UnixMs now = real().now();
    auto d = deadline_.find(r.job_id());
    const UnixMs due = (d == deadline_.end() ? now : d->second) + late_by_;
    const std::uint64_t index = ++held_made_;
    held_[index] = {to, std::move(env)};
    set_own_timer(due > now ? due - now : 0, index);
  }

 protected:
  void on_own_timer(std::uint64_t index) override {
    auto it = held_.find(index);
    if (it == held_.end()) return;
    real().send(it->second.first, std::move(it->second.second));
    held_.erase(it);
  }

 private:
  DurationMs late_by_;
  std::map<std::string, UnixMs> deadline_;
  std::map<std::uint64_t, std::pair<std::string, actors::SharedEnvelope>> held_;
  std::uint64_t held_made_ = 0;
};

}  // namespace

std::unique_ptr<Adversary> make_late_delivery(actors::World& real, DurationMs late_by_ms) {
  return std::make_unique<LateDelivery>(real, late_by_ms);
}

}  // namespace icn::sim
