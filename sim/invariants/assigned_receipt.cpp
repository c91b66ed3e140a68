// Only the assigned executor's receipt is accepted for a job.
#include <map>

#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class AssignedReceipt : public InvariantChecker {
 public:
  const char* name() const override { return "only_assigned_receipt"; }
  void observe(const ReportView& r) override {
    if (r.event == "assigned") {
      auto f = split_fields(r.subject);
      if (f.size() >= 2) assigned_[f[0]] = f[1];
    } else if (r.event == "receipt_accepted") {
      auto f = split_fields(r.subject);
      if (f.size() < 2) return;
      auto it = assigned_.find(f[0]);
      if (it == assigned_.end())
        problem_ = "receipt of job " + f[0] + " accepted from " + f[1] + " before any assignment";
      else if (it->second != f[1])
        problem_ =
            "receipt of job " + f[0] + " accepted from " + f[1] + ", assigned to " + it->second;
    } else if (r.event == "settled") {
      auto f = split_fields(r.subject);
      if (!f.empty()) assigned_.erase(f[0]);
    }
  }
  std::optional<std::string> check(const CheckContext&) override {
    auto p = std::move(problem_);
    problem_.reset();
    return p;
  }

 private:
  std::map<std::string, std::string> assigned_;
  std::optional<std::string> problem_;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_assigned_receipt_checker() {
  return std::make_unique<AssignedReceipt>();
}

}  // namespace icn::sim
