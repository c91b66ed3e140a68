#pragma once
// A scenario's expectations (`expect { metric op value }`) judged against the run's metrics.
#include <map>
#include <string>
#include <vector>

#include "proto/scenario.pb.h"
#include "sim/simulation.hpp"

namespace icn::sim {

/// One result per expectation, in scenario order; an unknown metric fails ("known": false).
std::vector<ExpectationResult> judge_expectations(const v1::Scenario& scenario,
                                                  const std::map<std::string, double>& metrics);

}  // namespace icn::sim
