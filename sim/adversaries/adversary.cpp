#include "sim/adversaries/adversary.hpp"

#include "sim/adversaries/strategies.hpp"

namespace icn::sim {

std::string corrupted_output(std::string output) {
  if (output.empty()) return std::string(1, '\x01');
  // Byte 7 of a little-endian double holds the sign and the top of the exponent.
  output[output.size() >= 8 ? 7 : 0] ^= 0x40;
  return output;
}

std::unique_ptr<Adversary> make_adversary(v1::Strategy strategy, actors::World& real,
                                          AdversaryOptions options) {
  switch (strategy) {
    case v1::STRATEGY_WRONG_RESULT:
      return make_wrong_result(real);
    case v1::STRATEGY_NO_SHOW:
      return make_no_show(real);
    case v1::STRATEGY_LATE_DELIVERY:
      return make_late_delivery(real, options.late_by_ms);
    case v1::STRATEGY_BID_SPAM:
      return make_bid_spam(real, std::move(options.executor), options.params);
    case v1::STRATEGY_LAZY:
      return make_lazy(real);
    case v1::STRATEGY_COLLUDE:
      return make_collude(real, std::move(options.partners));
    case v1::STRATEGY_OFFLINE:
      return make_offline(real);
    default:
      return nullptr;
  }
}

}  // namespace icn::sim
