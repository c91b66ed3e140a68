// Mana is conserved and never negative: the ledger's own invariant function
// (ledger::check_invariant) over the replayed ledger, whenever it changed since the last
// check; and every entry the ledger role appended must replay.
#include "protocol/ledger/invariant.hpp"
#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class ManaConservation : public InvariantChecker {
 public:
  const char* name() const override { return "mana_conservation"; }
  std::optional<std::string> check(const CheckContext& ctx) override {
    if (ctx.replay_fault && *ctx.replay_fault && !fault_reported_) {
      fault_reported_ = true;
      return "a ledger entry does not replay: " + **ctx.replay_fault;
    }
    if (!ctx.ledger || ctx.ledger_height == checked_height_) return std::nullopt;
    checked_height_ = ctx.ledger_height;
    return ledger::check_invariant(*ctx.ledger);
  }

 private:
  std::uint64_t checked_height_ = UINT64_MAX;
  bool fault_reported_ = false;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_mana_conservation_checker() {
  return std::make_unique<ManaConservation>();
}

}  // namespace icn::sim
