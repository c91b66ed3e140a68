#pragma once
// The five roles and what each needs to know at start-up. Every rule they apply comes from
// protocol/ (lifecycle, market, economics, ledger, reputation); these classes only move
// messages between the network and those functions.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/role.hpp"
#include "actors/roles/common.hpp"
#include "proto/common.pb.h"
#include "proto/economics.pb.h"
#include "proto/job.pb.h"

namespace icn::ledger {
class Ledger;
}
namespace icn::reputation {
class ReputationBook;
}

namespace icn::actors {

struct WeightedSpec {
  std::uint32_t weight = 1;
  v1::JobSpec spec;
};

struct SubmitterConfig {
  Strategy strategy = Strategy::honest;
  v1::EconomicParams params;
  std::vector<WeightedSpec> templates;
  bool poisson = true;
  DurationMs mean_interval_ms = 1000;  // per submitter
  DurationMs start_after_ms = 0;       // relative to the world's start
  UnixMs start_unix_ms = 0;
  std::uint32_t quota = 0;  // jobs this submitter submits
  DurationMs retry_ms = 500;
  DurationMs selection_delay_ms = 50;  // after the first forwarded bid, wait for the rest
};

struct ExecutorConfig {
  Strategy strategy = Strategy::honest;
  v1::EconomicParams params;
  std::uint64_t bond = 0;
  v1::Resources offered;
  std::vector<v1::RuntimeKind> runtimes;
  std::uint32_t speed_percent = 100;
  DurationMs late_by_ms = 0;
  std::uint32_t latency_ms = 10;
  std::string federation;
  std::vector<std::string> capabilities;
};

struct ValidatorConfig {
  Strategy strategy = Strategy::honest;
  std::set<std::string> partners;  // collude: executors whose receipts it approves blindly
  std::uint32_t speed_percent = 100;
};

struct LedgerConfig {
  v1::EconomicParams params;
  std::uint32_t announce_fanout = 16;
  DurationMs retry_ms = 500;
  ledger::Ledger* ledger = nullptr;  // the authoritative ledger (owned by the world)
  reputation::ReputationBook* reputation = nullptr;  // written only from established outcomes
};

std::unique_ptr<RoleLogic> make_submitter(World& world, SubmitterConfig config);
std::unique_ptr<RoleLogic> make_executor(World& world, ExecutorConfig config);
std::unique_ptr<RoleLogic> make_validator(World& world, ValidatorConfig config);
std::unique_ptr<RoleLogic> make_arbiter(World& world);
std::unique_ptr<RoleLogic> make_ledger(World& world, LedgerConfig config);

/// The ledger's DID (the one member of Role::ledger).
const std::string& ledger_did(const World& world);

}  // namespace icn::actors
