// Validator: asked by the ledger to re-execute a receipt's job, it runs the job through the
// world's execution service, votes by the job's comparison rule (validation::outputs_agree)
// and reveals its vote to the ledger. A validator that finds the receipt wrong also opens a
// dispute, so that a colluding or lazy majority cannot bury a wrong result.
#include "actors/roles/reexecution.hpp"
#include "actors/roles/roles.hpp"

namespace icn::actors {
namespace {

class Validator : public RoleLogic {
 public:
  Validator(World& world, ValidatorConfig) : RoleLogic(world), messenger_(world) {}

  void on_envelope(const std::string& from, const SharedEnvelope& env) override {
    if (from != world_.directory().ledger() || env->type() != v1::MSG_VALIDATION_REQUEST) return;
    book_.prune(world_.now());
    auto request = open_request(messenger_, from, *env, v1::MSG_VALIDATION_REQUEST);
    if (!request) return;
    if (const auto* vote = book_.answered(request->job_id)) {  // our vote was lost: again
      send_vote(*vote);
      return;
    }
    if (book_.running(request->job_id)) return;
    // A receipt that is not about this job's code and inputs is wrong without running it.
    if (auto matches = validation::receipt_matches_job(request->spec, request->receipt); !matches) {
      decide(*request, v1::VOTE_REJECT, "");
      return;
    }
    const std::string job_id = request->job_id;
    v1::JobSpec spec = request->spec;
    const std::uint64_t ticket = book_.start(std::move(*request));
    world_.execute(ticket, ExecutionOrder{job_id, std::move(spec)});
  }

  void on_timer(std::uint64_t) override {}

  void on_executed(std::uint64_t ticket, const ExecutionResult& result) override {
    auto request = book_.finish(ticket);
    if (!request) return;
    world_.emit(events::Executed{request->job_id, result.status, result.engine});
    const bool agree = validation::outputs_agree(
        request->spec, validation::view_of(request->receipt), view_of(result));
    decide(*request, agree ? v1::VOTE_ACCEPT : v1::VOTE_REJECT, result.output_hash);
  }

 private:
  void decide(const OpenedRequest& request, v1::Vote vote, const std::string& output_hash) {
    v1::ValidationReveal reveal;
    reveal.set_job_id(request.job_id);
    reveal.set_validator(world_.signer().did());
    reveal.set_vote(vote);
    reveal.set_output_hash(output_hash);
    book_.answer(request.job_id, reveal);
    world_.emit(events::VoteCast{request.job_id, world_.signer().did(), vote});
    send_vote(reveal);
    if (vote != v1::VOTE_REJECT) return;
    v1::Dispute d;
    d.set_job_id(request.job_id);
    d.set_opener(world_.signer().did());
    d.set_reason(v1::DISPUTE_WRONG_RESULT);
    d.set_claimed_output_hash(output_hash);
    d.set_opened_at_unix_ms(world_.now());
    messenger_.send(world_.directory().ledger(), v1::MSG_DISPUTE, d);
  }

  void send_vote(const v1::ValidationReveal& reveal) {
    messenger_.send(world_.directory().ledger(), v1::MSG_VALIDATION_REVEAL, reveal);
  }

  Messenger messenger_;
  JudgementBook<v1::ValidationReveal> book_;
};

}  // namespace

std::unique_ptr<RoleLogic> make_validator(World& world, ValidatorConfig config) {
  return std::make_unique<Validator>(world, config);
}

}  // namespace icn::actors
