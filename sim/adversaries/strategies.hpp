#pragma once
// One factory per adversarial strategy (each in its own file, sim/adversaries/<name>.cpp).
#include <memory>
#include <set>
#include <string>

#include "sim/adversaries/adversary.hpp"

namespace icn::sim {

/// Executor: reports a corrupted output (corrupted_output) as a success.
std::unique_ptr<Adversary> make_wrong_result(actors::World& real);
/// Executor: bids and wins, then never runs the job.
std::unique_ptr<Adversary> make_no_show(actors::World& real);
/// Executor: holds each receipt until `late_by_ms` after the job's execution deadline.
std::unique_ptr<Adversary> make_late_delivery(actors::World& real, DurationMs late_by_ms);
/// Executor: bids on every announced job at a quarter of its cost.
std::unique_ptr<Adversary> make_bid_spam(actors::World& real, actors::ExecutorConfig executor,
                                         const v1::EconomicParams& params);
/// Validator: approves every receipt without re-executing.
std::unique_ptr<Adversary> make_lazy(actors::World& real);
/// Validator: approves its partner executors' receipts blindly, validates the rest honestly.
std::unique_ptr<Adversary> make_collude(actors::World& real, std::set<std::string> partners);
/// Validator: never answers.
std::unique_ptr<Adversary> make_offline(actors::World& real);

}  // namespace icn::sim
