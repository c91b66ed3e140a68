// Mana is conserved and never negative: the ledger's own invariant function
// (ledger::check_invariant), run whenever the ledger changed since the last check.
#include "protocol/ledger/invariant.hpp"
#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class ManaConservation : public InvariantChecker {
 public:
  const char* name() const override { return "mana_conservation"; }
  std::optional<std::string> check(const CheckContext& ctx) override {
    if (!ctx.ledger || ctx.ledger_height == checked_height_) return std::nullopt;
    checked_height_ = ctx.ledger_height;
    return ledger::check_invariant(*ctx.ledger);
  }

 private:
  std::uint64_t checked_height_ = UINT64_MAX;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_mana_conservation_checker() {
  return std::make_unique<ManaConservation>();
}

}  // namespace icn::sim
