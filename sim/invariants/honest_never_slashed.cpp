// No participant the scenario marks honest is ever slashed: read from the Slash entries of
// the ledger log.
#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class HonestNeverSlashed : public InvariantChecker {
 public:
  HonestNeverSlashed(std::function<bool(const std::string&)> is_honest,
                     std::function<std::string(const std::string&)> name_of)
      : is_honest_(std::move(is_honest)), name_of_(std::move(name_of)) {}
  const char* name() const override { return "honest_never_slashed"; }
  std::optional<std::string> check(const CheckContext& ctx) override {
    if (!ctx.new_txs) return std::nullopt;
    for (const auto& tx : *ctx.new_txs) {
      if (!tx.has_slash() || !is_honest_(tx.slash().account())) continue;
      return "honest " + name_of_(tx.slash().account()) + " slashed " +
             std::to_string(tx.slash().amount()) + " (" + tx.slash().reason() + ")";
    }
    return std::nullopt;
  }

 private:
  std::function<bool(const std::string&)> is_honest_;
  std::function<std::string(const std::string&)> name_of_;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_honest_never_slashed_checker(
    std::function<bool(const std::string&)> is_honest,
    std::function<std::string(const std::string&)> name_of) {
  return std::make_unique<HonestNeverSlashed>(std::move(is_honest), std::move(name_of));
}

}  // namespace icn::sim
