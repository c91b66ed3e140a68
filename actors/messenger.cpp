#include "actors/messenger.hpp"

namespace icn::actors {

SharedEnvelope Messenger::seal(v1::MessageType type, const google::protobuf::MessageLite& payload) {
  const UnixMs now = world_.now();
  return std::make_shared<const v1::Envelope>(
      icn::seal(world_.signer(), type, payload, world_.next_sequence(), now + kEnvelopeTtlMs));
}

tl::unexpected<Error> Messenger::rejected(const v1::Envelope& env, tl::unexpected<Error> error) {
  world_.emit(events::MessageRejected{env.type(), error.value().code});
  return error;
}

}  // namespace icn::actors
