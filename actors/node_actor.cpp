#include "actors/node_actor.hpp"

#include <iostream>

namespace icn::actors {

namespace {

struct NodeState {
  World* world = nullptr;
  std::unique_ptr<RoleLogic> role;
};

// Exceptions kill CAF actors (and with them the whole simulated node); a role throwing is a
// bug, so it is reported loudly and the message is dropped instead.
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
        auto& st = self->state;
        if (!msg.envelope || !st.world->on_arrival(msg.from, *msg.envelope)) return;
        guarded("deliver", [&] { st.role->on_envelope(msg.from, *msg.envelope); });
      },
      [self](timer_atom, std::uint64_t tag, std::uint64_t generation) {
        auto& st = self->state;
        if (!st.world->on_timer(generation)) return;
        guarded("timer", [&] { st.role->on_timer(tag); });
      },
      [self](restart_atom, bool state_kept) {
        guarded("restart", [&] { self->state.role->on_restart(state_kept); });
      },
  };
}

}  // namespace

void register_node_messages(caf::actor_system_config& cfg) {
  cfg.add_message_type<WireMsg>("icn_wire_msg");
}

node_actor spawn_node(caf::actor_system& system, World& world, std::unique_ptr<RoleLogic> role) {
  auto* raw_world = &world;
  auto shared_role = std::make_shared<std::unique_ptr<RoleLogic>>(std::move(role));
  return system.spawn([raw_world, shared_role](node_actor::stateful_pointer<NodeState> self) {
    self->state.world = raw_world;
    self->state.role = std::move(*shared_role);
    guarded("start", [&] { self->state.role->start(); });
    return node_behavior(self);
  });
}

}  // namespace icn::actors
