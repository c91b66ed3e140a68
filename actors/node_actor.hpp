#pragma once
// The CAF shell every role runs in: a typed actor with a four-message interface. Include this
// header only from translation units that need CAF (actors/node_actor.cpp, sim/, node/).
#include <caf/all.hpp>
#include <memory>
#include <string>

#include "actors/role.hpp"
#include "proto/envelope.pb.h"

namespace icn::actors {

using deliver_atom = caf::atom_constant<caf::atom("deliver")>;
using timer_atom = caf::atom_constant<caf::atom("timer")>;
using restart_atom = caf::atom_constant<caf::atom("restart")>;

/// A protobuf envelope in a CAF message: shared, immutable (duplicates and forwards reuse it);
/// serialized as its bytes when it crosses a process boundary.
struct WireMsg {
  std::string from;
  std::shared_ptr<const v1::Envelope> envelope;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, WireMsg& x) {
  std::string bytes;
  if constexpr (Inspector::reads_state) {
    if (x.envelope) x.envelope->SerializeToString(&bytes);
    return f(caf::meta::type_name("icn_wire_msg"), x.from, bytes);
  } else {
    auto load = caf::meta::load_callback([&]() -> caf::error {
      auto env = std::make_shared<v1::Envelope>();
      if (!env->ParseFromString(bytes))
        return caf::make_error(caf::sec::runtime_error, "bad envelope");
      x.envelope = std::move(env);
      return caf::none;
    });
    return f(caf::meta::type_name("icn_wire_msg"), x.from, bytes, load);
  }
}

/// deliver(msg): a network message; timer(tag, generation); restart(state_kept).
using node_actor = caf::typed_actor<caf::reacts_to<deliver_atom, WireMsg>,
                                    caf::reacts_to<timer_atom, std::uint64_t, std::uint64_t>,
                                    caf::reacts_to<restart_atom, bool>>;

/// Announces WireMsg to CAF (call on the config before constructing the actor_system).
void register_node_messages(caf::actor_system_config& cfg);

/// Spawns a node actor around `role`; `world` must outlive the actor. start() runs in the
/// actor's first activation.
node_actor spawn_node(caf::actor_system& system, World& world, std::unique_ptr<RoleLogic> role);

}  // namespace icn::actors
