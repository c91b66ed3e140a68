#pragma once
// The CAF shell every role runs in, in both worlds: a typed actor with three messages --
// a network envelope, a timer, an execution result -- each handed to the role's logic.
// Include this header only from translation units that need CAF (actors/node_actor.cpp,
// sim/engine.cpp, node/).
#include <caf/all.hpp>
#include <memory>
#include <string>

#include "actors/role.hpp"
#include "proto/envelope.pb.h"

namespace icn::actors {

using deliver_atom = caf::atom_constant<caf::atom("deliver")>;
using timer_atom = caf::atom_constant<caf::atom("timer")>;
using executed_atom = caf::atom_constant<caf::atom("executed")>;

/// A protobuf envelope in a CAF message: shared and immutable (duplicates and forwards reuse
/// it), serialized as its bytes when it crosses a process boundary. `from` is filled by the
/// receiving world from the authenticated sender, never trusted from the wire.
struct WireMsg {
  std::string from;
  SharedEnvelope envelope;
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

/// An execution result for the actor that asked for it (never leaves its process).
struct ExecutedMsg {
  std::uint64_t ticket = 0;
  std::shared_ptr<const ExecutionResult> result;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ExecutedMsg& x) {
  // Local only: a serializer would see the ticket; the result is not meant to travel.
  return f(caf::meta::type_name("icn_executed_msg"), x.ticket);
}

/// deliver(msg): a network message; timer(tag); executed(result).
using node_actor = caf::typed_actor<caf::reacts_to<deliver_atom, WireMsg>,
                                    caf::reacts_to<timer_atom, std::uint64_t>,
                                    caf::reacts_to<executed_atom, ExecutedMsg>>;

/// Announces the shell's message types to CAF (call on the config before constructing the
/// actor_system).
void register_node_messages(caf::actor_system_config& cfg);

/// Spawns a shell around `role` (whose World must outlive the actor). start() runs in the
/// actor's first activation.
node_actor spawn_node(caf::actor_system& system, std::unique_ptr<RoleLogic> role);

}  // namespace icn::actors
