// Arbiter: asked by the ledger to decide a dispute, it re-executes the job through the
// world's execution service and issues a verdict on the receipt by the job's comparison rule.
#include "actors/roles/reexecution.hpp"
#include "actors/roles/roles.hpp"

namespace icn::actors {
namespace {

class Arbiter : public RoleLogic {
 public:
  Arbiter(World& world, ArbiterConfig) : RoleLogic(world), messenger_(world) {}

  void on_envelope(const std::string& from, const SharedEnvelope& env) override {
    if (from != world_.directory().ledger() || env->type() != v1::MSG_ARBITRATION_REQUEST) return;
    book_.prune(world_.now());
    auto request = open_request(messenger_, from, *env, v1::MSG_ARBITRATION_REQUEST);
    if (!request) return;
    if (const auto* verdict = book_.answered(request->job_id)) {  // lost: again
      send_verdict(*verdict);
      return;
    }
    if (book_.running(request->job_id)) return;
    if (auto matches = validation::receipt_matches_job(request->spec, request->receipt); !matches) {
      decide(*request, false, "", matches.error().message);
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
    const bool right = validation::outputs_agree(
        request->spec, validation::view_of(request->receipt), view_of(result));
    decide(
        *request, right, result.output_hash,
        right ? "re-execution agrees with the receipt" : "re-execution disagrees with the receipt");
  }

 private:
  void decide(const OpenedRequest& request, bool right, const std::string& output_hash,
              const std::string& rationale) {
    v1::Verdict v;
    v.set_job_id(request.job_id);
    v.set_arbiter(world_.signer().did());
    v.set_outcome(right ? v1::OUTCOME_RESULT_CORRECT : v1::OUTCOME_RESULT_WRONG);
    v.set_correct_output_hash(output_hash);
    v.set_rationale(rationale);
    if (!right) v.add_faulty(request.receipt.executor());
    v.set_decided_at_unix_ms(world_.now());
    book_.answer(request.job_id, v);
    send_verdict(v);
  }

  void send_verdict(const v1::Verdict& verdict) {
    messenger_.send(world_.directory().ledger(), v1::MSG_VERDICT, verdict);
  }

  Messenger messenger_;
  JudgementBook<v1::Verdict> book_;
};

}  // namespace

std::unique_ptr<RoleLogic> make_arbiter(World& world, ArbiterConfig config) {
  return std::make_unique<Arbiter>(world, config);
}

}  // namespace icn::actors
