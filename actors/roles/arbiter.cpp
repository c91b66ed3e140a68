// Arbiter: asked by the ledger to decide a dispute, it re-executes the job through the
// world's execution service and issues a verdict on the receipt by the job's comparison rule.
#include "actors/roles/reexecution.hpp"
#include "actors/roles/roles.hpp"

namespace icn::actors {
namespace {

class Arbiter : public Reexecutor<v1::Verdict> {
 public:
  Arbiter(World& world, ArbiterConfig) : Reexecutor(world, v1::MSG_ARBITRATION_REQUEST) {}

 protected:
  v1::Verdict judge(const OpenedRequest& request, bool right, const std::string& output_hash,
                    const std::string& why) override {
    v1::Verdict v;
    v.set_job_id(request.job_id);
    v.set_arbiter(world_.signer().did());
    v.set_outcome(right ? v1::OUTCOME_RESULT_CORRECT : v1::OUTCOME_RESULT_WRONG);
    v.set_correct_output_hash(output_hash);
    v.set_rationale(why);
    if (!right) v.add_faulty(request.receipt.executor());
    v.set_decided_at_unix_ms(world_.now());
    return v;
  }

  void send(const v1::Verdict& verdict) override {
    messenger_.send(world_.directory().ledger(), v1::MSG_VERDICT, verdict);
  }
};

}  // namespace

std::unique_ptr<RoleLogic> make_arbiter(World& world, ArbiterConfig config) {
  return std::make_unique<Arbiter>(world, config);
}

}  // namespace icn::actors
