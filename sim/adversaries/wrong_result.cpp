// Wrong result: the executor's runs come back with a real wrong output, reported as a success.
#include "protocol/core/content_id.hpp"
#include "sim/adversaries/strategies.hpp"

namespace icn::sim {
namespace {

class WrongResult : public Adversary {
 public:
  using Adversary::Adversary;
  void on_executed(std::uint64_t ticket, const actors::ExecutionResult& result) override {
    actors::ExecutionResult forged = result;
    forged.status = v1::EXEC_OK;
    forged.detail.clear();
    forged.output = corrupted_output(result.output);
    forged.output_hash = content_id(to_bytes(forged.output));
    inner().on_executed(ticket, forged);
  }
};

}  // namespace

std::unique_ptr<Adversary> make_wrong_result(actors::World& real) {
  return std::make_unique<WrongResult>(real);
}

}  // namespace icn::sim
