// No-show: the executor bids and wins like an honest one, but never runs what it wins.
#include "sim/adversaries/strategies.hpp"

namespace icn::sim {
namespace {

class NoShow : public Adversary {
 public:
  using Adversary::Adversary;
  void execute(std::uint64_t, actors::ExecutionOrder) override {}
};

}  // namespace

std::unique_ptr<Adversary> make_no_show(actors::World& real) {
  return std::make_unique<NoShow>(real);
}

}  // namespace icn::sim
