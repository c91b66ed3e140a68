// No participant the scenario marks honest is ever slashed.
#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class HonestNeverSlashed : public InvariantChecker {
 public:
  explicit HonestNeverSlashed(std::function<bool(const std::string&)> is_honest)
      : is_honest_(std::move(is_honest)) {}
  const char* name() const override { return "honest_never_slashed"; }
  void observe(const ReportView& r) override {
    if (r.event != "slash") return;
    auto f = split_fields(r.subject);
    if (!f.empty() && is_honest_(f[0]))
      problem_ = "honest " + f[0] + " slashed " + std::to_string(r.value) +
                 (f.size() >= 3 ? " (job " + f[1] + ", " + f[2] + ")" : "");
  }
  std::optional<std::string> check(const CheckContext&) override {
    auto p = std::move(problem_);
    problem_.reset();
    return p;
  }

 private:
  std::function<bool(const std::string&)> is_honest_;
  std::optional<std::string> problem_;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_honest_never_slashed_checker(
    std::function<bool(const std::string&)> is_honest) {
  return std::make_unique<HonestNeverSlashed>(std::move(is_honest));
}

}  // namespace icn::sim
