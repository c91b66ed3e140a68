// Each escrow is released at most once: counted from the EscrowRelease entries of the log.
#include <map>

#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class EscrowOnce : public InvariantChecker {
 public:
  const char* name() const override { return "escrow_released_once"; }
  std::optional<std::string> check(const CheckContext& ctx) override {
    std::optional<std::string> problem;
    if (!ctx.new_txs) return problem;
    for (const auto& tx : *ctx.new_txs) {
      if (!tx.has_escrow_release()) continue;
      const std::string& job = tx.escrow_release().job_id();
      if (++released_[job] == 2 && !problem) problem = "escrow of job " + job + " released twice";
    }
    return problem;
  }

 private:
  std::map<std::string, std::uint32_t> released_;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_escrow_once_checker() {
  return std::make_unique<EscrowOnce>();
}

}  // namespace icn::sim
