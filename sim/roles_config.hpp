#pragma once
// The role each simulated node plays, configured from the scenario: its group's economics,
// offer and workload, wrapped in its strategy's adversary (sim/adversaries/) when it has one.
#include <memory>

#include "actors/role.hpp"
#include "proto/scenario.pb.h"
#include "sim/population.hpp"

namespace icn::sim {

std::unique_ptr<actors::RoleLogic> make_role(const v1::Scenario& scenario,
                                             const Population& population,
                                             const v1::EconomicParams& params, UnixMs start_unix_ms,
                                             const NodeSpec& node, actors::World& world);

}  // namespace icn::sim
