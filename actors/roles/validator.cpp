// Validator: asked by the ledger to re-execute a receipt's job, it runs the job through the
// world's execution service, votes by the job's comparison rule (validation::outputs_agree)
// and reveals its vote to the ledger. A validator that finds the receipt wrong also opens a
// dispute, so that a colluding or lazy majority cannot bury a wrong result.
#include "actors/roles/reexecution.hpp"
#include "actors/roles/roles.hpp"

namespace icn::actors {
namespace {

class Validator : public Reexecutor<v1::ValidationReveal> {
 public:
  Validator(World& world, ValidatorConfig) : Reexecutor(world, v1::MSG_VALIDATION_REQUEST) {}

 protected:
  v1::ValidationReveal judge(const OpenedRequest& request, bool agree,
                             const std::string& output_hash, const std::string&) override {
    v1::ValidationReveal reveal;
    reveal.set_job_id(request.job_id);
    reveal.set_validator(world_.signer().did());
    reveal.set_vote(agree ? v1::VOTE_ACCEPT : v1::VOTE_REJECT);
    reveal.set_output_hash(output_hash);
    world_.emit(events::VoteCast{request.job_id, world_.signer().did(), reveal.vote()});
    return reveal;
  }

  void send(const v1::ValidationReveal& reveal) override {
    messenger_.send(world_.directory().ledger(), v1::MSG_VALIDATION_REVEAL, reveal);
  }

  void after(const OpenedRequest& request, const v1::ValidationReveal& reveal) override {
    if (reveal.vote() != v1::VOTE_REJECT) return;
    v1::Dispute d;
    d.set_job_id(request.job_id);
    d.set_opener(world_.signer().did());
    d.set_reason(v1::DISPUTE_WRONG_RESULT);
    d.set_claimed_output_hash(reveal.output_hash());
    d.set_opened_at_unix_ms(world_.now());
    messenger_.send(world_.directory().ledger(), v1::MSG_DISPUTE, d);
  }
};

}  // namespace

std::unique_ptr<RoleLogic> make_validator(World& world, ValidatorConfig config) {
  return std::make_unique<Validator>(world, config);
}

}  // namespace icn::actors
