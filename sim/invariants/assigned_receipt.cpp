// Only the assigned executor's receipt is accepted for a job: every job record that holds a
// receipt names the assigned executor as its signer.
#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class AssignedReceipt : public InvariantChecker {
 public:
  const char* name() const override { return "only_assigned_receipt"; }
  std::optional<std::string> check(const CheckContext& ctx) override {
    if (ctx.record_fault && *ctx.record_fault && !fault_reported_) {
      fault_reported_ = true;
      return "a job record does not read back: " + **ctx.record_fault;
    }
    if (!ctx.job_changes) return std::nullopt;
    for (const auto& change : *ctx.job_changes) {
      if (!change.open || !change.open->receipt) continue;
      const auto& state = *change.open;
      if (!state.assignment) return "job " + change.job_id + " holds a receipt but no assignment";
      if (state.receipt->executor != state.assignment->executor)
        return "job " + change.job_id + " accepted a receipt from " + state.receipt->executor +
               ", assigned to " + state.assignment->executor;
    }
    return std::nullopt;
  }

 private:
  bool fault_reported_ = false;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_assigned_receipt_checker() {
  return std::make_unique<AssignedReceipt>();
}

}  // namespace icn::sim
