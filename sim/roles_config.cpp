#include "sim/roles_config.hpp"

#include <algorithm>
#include <cmath>

#include "actors/roles/roles.hpp"
#include "sim/adversaries/adversary.hpp"

namespace icn::sim {
namespace {

DurationMs retry_ms(const v1::Scenario& scenario) {
  return scenario.network().retry_ms() ? scenario.network().retry_ms() : 500;
}

actors::SubmitterConfig submitter_config(const v1::Scenario& scenario, const Population& population,
                                         const v1::EconomicParams& params, UnixMs start_unix_ms,
                                         const NodeSpec& node) {
  actors::SubmitterConfig c;
  c.params = params;
  for (const auto& t : scenario.workload().templates()) {
    actors::WeightedSpec w{t.weight() == 0 ? 1 : t.weight(), t.spec()};
    if (scenario.options().validators_per_job() > 0)
      w.spec.mutable_validation()->set_validators(scenario.options().validators_per_job());
    c.templates.push_back(std::move(w));
  }
  const auto& arrival = scenario.workload().arrival();
  c.poisson = arrival.kind() == v1::Arrival::POISSON;
  c.mean_interval_ms = c.poisson
                           ? static_cast<DurationMs>(std::llround(1000.0 / arrival.rate_per_s()))
                           : arrival.interval_ms();
  c.start_after_ms = scenario.workload().start_after_ms();
  c.start_unix_ms = start_unix_ms;
  c.retry_ms = retry_ms(scenario);
  // Honest and underfunded submitters share total_jobs; spammers add spam_factor times an
  // average share at spam_factor times the rate.
  std::uint32_t regular = 0, my_rank = 0;
  for (const NodeSpec& other : population.nodes()) {
    if (other.role != actors::Role::submitter || other.strategy == v1::STRATEGY_SPAM) continue;
    if (other.index == node.index) my_rank = regular;
    ++regular;
  }
  const std::uint32_t total = scenario.workload().total_jobs();
  if (node.strategy == v1::STRATEGY_SPAM) {
    const std::uint32_t factor =
        node.group_spec->spam_factor() ? node.group_spec->spam_factor() : 10;
    c.quota = (regular ? (total + regular - 1) / regular : total) * factor;
    c.mean_interval_ms = c.mean_interval_ms / factor;
  } else {
    c.quota =
        (regular ? total / regular : total) + (my_rank < (regular ? total % regular : 0) ? 1 : 0);
  }
  c.mean_interval_ms = std::max<DurationMs>(1, c.mean_interval_ms);
  return c;
}

actors::ExecutorConfig executor_config(const v1::Scenario& scenario,
                                       const v1::EconomicParams& params, const v1::Group& g) {
  actors::ExecutorConfig c;
  c.params = params;
  c.bond = g.bond();
  c.offered = g.resources();
  for (auto r : g.runtimes()) c.runtimes.push_back(static_cast<v1::RuntimeKind>(r));
  if (c.runtimes.empty()) c.runtimes.push_back(v1::RUNTIME_WASM);
  std::uint64_t latency = 10;
  for (const auto& cl : scenario.network().classes())
    if (cl.name() == g.latency_class() ||
        (g.latency_class().empty() && &cl == &scenario.network().classes(0)))
      latency = cl.base_ms() + cl.jitter_ms() / 2;
  c.latency_ms = static_cast<std::uint32_t>(latency);
  c.federation = g.federation();
  c.capabilities.assign(g.capabilities().begin(), g.capabilities().end());
  return c;
}

std::unique_ptr<actors::RoleLogic> honest_role(const v1::Scenario& scenario,
                                               const Population& population,
                                               const v1::EconomicParams& params,
                                               UnixMs start_unix_ms, const NodeSpec& node,
                                               actors::World& world) {
  switch (node.role) {
    case actors::Role::ledger: {
      actors::LedgerConfig c;
      c.params = params;
      c.announce_fanout = scenario.workload().announce_fanout();
      c.retry_ms = retry_ms(scenario);
      if (scenario.options().reputation_epoch_ms())
        c.reputation_epoch_ms = scenario.options().reputation_epoch_ms();
      return actors::make_ledger(world, std::move(c));
    }
    case actors::Role::submitter:
      return actors::make_submitter(
          world, submitter_config(scenario, population, params, start_unix_ms, node));
    case actors::Role::executor:
      return actors::make_executor(world, executor_config(scenario, params, *node.group_spec));
    case actors::Role::validator:
      return actors::make_validator(world);
    case actors::Role::arbiter:
      return actors::make_arbiter(world);
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<actors::RoleLogic> make_role(const v1::Scenario& scenario,
                                             const Population& population,
                                             const v1::EconomicParams& params, UnixMs start_unix_ms,
                                             const NodeSpec& node, actors::World& world) {
  AdversaryOptions options;
  options.params = params;
  if (node.group_spec) {
    const v1::Group& g = *node.group_spec;
    if (node.role == actors::Role::executor)
      options.executor = executor_config(scenario, params, g);
    options.late_by_ms = g.late_by_ms();
    for (const NodeSpec& other : population.nodes())
      if (!g.colludes_with().empty() && other.group == g.colludes_with())
        options.partners.insert(other.did);
  }
  auto adversary = make_adversary(node.strategy, world, std::move(options));
  if (!adversary) return honest_role(scenario, population, params, start_unix_ms, node, world);
  adversary->wrap(honest_role(scenario, population, params, start_unix_ms, node, *adversary));
  return adversary;
}

}  // namespace icn::sim
