#pragma once
// The five roles and what each needs to know at start-up. Every rule they apply comes from
// protocol/ (lifecycle, settlement, market, economics, ledger, reputation, validation); these
// classes only move messages between the network and those functions. The same classes run
// in the simulator and on a node; adversaries (sim/adversaries/) wrap them from outside.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/role.hpp"
#include "proto/common.pb.h"
#include "proto/economics.pb.h"
#include "proto/job.pb.h"

namespace icn::actors {

struct WeightedSpec {
  std::uint32_t weight = 1;
  v1::JobSpec spec;
};

/// A submitter that generates its own workload from templates (the simulator's submitters;
/// a node's submitter takes jobs from its clients instead, see submit_job()).
// Economic parameters left at 0 take economics::with_defaults (every role applies it).

struct SubmitterConfig {
  v1::EconomicParams params;
  std::vector<WeightedSpec> templates;
  bool poisson = true;
  DurationMs mean_interval_ms = 1000;  // per submitter
  DurationMs start_after_ms = 0;       // relative to start_unix_ms
  UnixMs start_unix_ms = 0;
  std::uint32_t quota = 0;  // jobs this submitter generates
  DurationMs retry_ms = 500;
  DurationMs selection_delay_ms = 50;  // after the first forwarded bid, wait for the rest
};

struct ExecutorConfig {
  v1::EconomicParams params;
  std::uint64_t bond = 0;
  v1::Resources offered;
  std::vector<v1::RuntimeKind> runtimes;
  std::uint32_t latency_ms = 10;
  std::string federation;
  std::vector<std::string> capabilities;
};

struct ValidatorConfig {};

struct ArbiterConfig {};

struct LedgerConfig {
  v1::EconomicParams params;
  std::uint32_t announce_fanout = 16;
  DurationMs retry_ms = 500;
  /// Reputation snapshots go to every submitter once per epoch in which reputation changed.
  DurationMs reputation_epoch_ms = 10'000;
};

std::unique_ptr<RoleLogic> make_submitter(World& world, SubmitterConfig config);
std::unique_ptr<RoleLogic> make_executor(World& world, ExecutorConfig config);
std::unique_ptr<RoleLogic> make_validator(World& world, ValidatorConfig config = {});
std::unique_ptr<RoleLogic> make_arbiter(World& world, ArbiterConfig config = {});
std::unique_ptr<RoleLogic> make_ledger(World& world, LedgerConfig config);

}  // namespace icn::actors
