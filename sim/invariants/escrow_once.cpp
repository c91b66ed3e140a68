// Each escrow is released at most once (counted from the ledger node's release reports).
#include <map>

#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class EscrowOnce : public InvariantChecker {
 public:
  const char* name() const override { return "escrow_released_once"; }
  void observe(const ReportView& r) override {
    if (r.event != "escrow_released") return;
    if (++released_[r.subject] == 2) problem_ = "escrow of job " + r.subject + " released twice";
  }
  std::optional<std::string> check(const CheckContext&) override {
    auto p = std::move(problem_);
    problem_.reset();
    return p;
  }

 private:
  std::map<std::string, std::uint32_t> released_;
  std::optional<std::string> problem_;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_escrow_once_checker() {
  return std::make_unique<EscrowOnce>();
}

}  // namespace icn::sim
