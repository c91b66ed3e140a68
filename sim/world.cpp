#include "sim/world.hpp"

#include "actors/messenger.hpp"
#include "sim/core.hpp"

namespace icn::sim {

SimWorld::SimWorld(SimCore& core, std::uint32_t index, std::unique_ptr<Signer> signer,
                   std::uint64_t seed)
    : core_(core),
      index_(index),
      signer_(std::move(signer)),
      rng_(seed, "node/" + signer_->did()) {}

UnixMs SimWorld::now() const {
  const std::int64_t t = static_cast<std::int64_t>(core_.start_unix_ms() + core_.now_ms) + skew_ms;
  return t < 0 ? 0 : static_cast<UnixMs>(t);
}

const Verifier& SimWorld::verifier() const {
  return core_.verifier();
}

const actors::Directory& SimWorld::directory() const {
  return core_.directory();
}

std::uint64_t SimWorld::next_sequence() {
  last_sequence_ = actors::next_sequence_after(last_sequence_, now());
  return last_sequence_;
}

void SimWorld::send(const std::string& to, actors::SharedEnvelope envelope) {
  core_.transmit(index_, to, std::move(envelope));
}

void SimWorld::set_timer(DurationMs delay, std::uint64_t tag) {
  core_.set_timer(index_, delay, tag);
}

void SimWorld::execute(std::uint64_t ticket, actors::ExecutionOrder order) {
  core_.execute(index_, ticket, std::move(order));
}

void SimWorld::emit(const actors::Event& event) {
  core_.on_event(index_, event);
}

}  // namespace icn::sim
