// Lazy and colluding validators: both approve receipts without re-executing them -- the lazy
// one every receipt, the colluding one only its partner executors' (it validates the rest
// honestly). Offline validators never answer at all.
#include "actors/roles/reexecution.hpp"
#include "proto/validation.pb.h"
#include "sim/adversaries/strategies.hpp"

namespace icn::sim {
namespace {

class BlindApproval : public Adversary {
 public:
  BlindApproval(actors::World& real, bool everyone, std::set<std::string> partners)
      : Adversary(real), everyone_(everyone), partners_(std::move(partners)) {}

  void on_envelope(const std::string& from, const actors::SharedEnvelope& env) override {
    if (env->type() != v1::MSG_VALIDATION_REQUEST) return inner().on_envelope(from, env);
    v1::ReexecutionRequest request;
    v1::Envelope receipt_env;
    v1::ExecutionReceipt receipt;
    if (!request.ParseFromString(env->payload()) ||
        !receipt_env.ParseFromString(request.receipt_envelope()) ||
        !receipt.ParseFromString(receipt_env.payload()))
      return inner().on_envelope(from, env);
    if (!everyone_ && partners_.count(receipt.executor()) == 0)
      return inner().on_envelope(from, env);
    v1::ValidationReveal reveal;
    reveal.set_job_id(receipt.job_id());
    reveal.set_validator(real().signer().did());
    reveal.set_vote(v1::VOTE_ACCEPT);
    reveal.set_output_hash(receipt.output_hash());
    messenger_.send(from, v1::MSG_VALIDATION_REVEAL, reveal);
  }

 private:
  bool everyone_;
  std::set<std::string> partners_;
};

class Offline : public Adversary {
 public:
  using Adversary::Adversary;
  void on_envelope(const std::string&, const actors::SharedEnvelope&) override {}
};

}  // namespace

std::unique_ptr<Adversary> make_lazy(actors::World& real) {
  return std::make_unique<BlindApproval>(real, true, std::set<std::string>{});
}

std::unique_ptr<Adversary> make_collude(actors::World& real, std::set<std::string> partners) {
  return std::make_unique<BlindApproval>(real, false, std::move(partners));
}

std::unique_ptr<Adversary> make_offline(actors::World& real) {
  return std::make_unique<Offline>(real);
}

}  // namespace icn::sim
