#include "actors/node_actor.hpp"

#include <iostream>

namespace icn::actors {

namespace {

struct NodeState {
  std::unique_ptr<RoleLogic> role;
};

// Exceptions kill CAF actors (and with them the node); a role throwing is a bug, so it is
// reported loudly and the message is dropped instead.
template <class F>
void guarded(const char* what, F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    std::cerr << "icnmesh: role error in " << what << ": " << e.what() << "\n";
  }
}

node_actor::behavior_type node_behavior(node_actor::stateful_pointer<NodeState> self) {
  return {
      [self](deliver_atom, const WireMsg& msg) {
        if (!msg.envelope) return;
        guarded("deliver", [&] { self->state.role->on_envelope(msg.from, msg.envelope); });
      },
      [self](timer_atom, std::uint64_t tag) {
        guarded("timer", [&] { self->state.role->on_timer(tag); });
      },
      [self](executed_atom, const ExecutedMsg& msg) {
        if (!msg.result) return;
        guarded("executed", [&] { self->state.role->on_executed(msg.ticket, *msg.result); });
      },
  };
}

}  // namespace

void register_node_messages(caf::actor_system_config& cfg) {
  cfg.add_message_type<WireMsg>("icn_wire_msg");
  cfg.add_message_type<ExecutedMsg>("icn_executed_msg");
}

node_actor spawn_node(caf::actor_system& system, std::unique_ptr<RoleLogic> role) {
  auto shared_role = std::make_shared<std::unique_ptr<RoleLogic>>(std::move(role));
  return system.spawn([shared_role](node_actor::stateful_pointer<NodeState> self) {
    self->state.role = std::move(*shared_role);
    guarded("start", [&] { self->state.role->start(); });
    return node_behavior(self);
  });
}

}  // namespace icn::actors
