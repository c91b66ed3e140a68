#pragma once
// The run's numbers (docs/simulator.md, "Metrics"): counters kept from the typed events the
// roles emit, per-message network counters, and -- at the end -- the ground-truth metrics that
// compare what happened with who the scenario made an attacker, and the mana each group and
// strategy won or lost on the (replayed) ledger.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "actors/events.hpp"
#include "protocol/ledger/state.hpp"
#include "sim/population.hpp"

namespace icn::sim {

struct MessageCounts {
  std::uint64_t sent = 0, delivered = 0, lost = 0, partitioned = 0, duplicated = 0,
                dropped_down = 0, unroutable = 0;
};

class Metrics {
 public:
  explicit Metrics(const Population& population) : population_(population) {}

  void on_event(const actors::Event& event);
  MessageCounts messages;

  /// Wealth (free + bonded + unbonding + own escrow) of every participant at the start.
  void set_start(const ledger::LedgerState& ledger);

  /// Every metric, by name, for the final ledger state; `net_by_role_strategy` and
  /// `net_by_group` receive the net mana breakdown.
  std::map<std::string, double> summarize(const ledger::LedgerState& ledger,
                                          std::map<std::string, std::int64_t>& net_by_role_strategy,
                                          std::map<std::string, std::int64_t>& net_by_group) const;

 private:
  struct JobInfo {
    std::string submitter, executor;
    lifecycle::Outcome outcome = lifecycle::Outcome::none;
    lifecycle::Resolution resolution = lifecycle::Resolution::none;
    bool settled = false;
  };

  const Population& population_;
  std::map<std::string, double> counters_;
  std::map<std::string, JobInfo> jobs_;
  std::map<std::string, std::int64_t> wealth_start_;
  std::uint64_t supply_start_ = 0;
};

/// Wealth of `did` on `ledger`: free + bonded + unbonding + escrowed by it.
std::int64_t wealth(const ledger::LedgerState& ledger, const std::string& did);

}  // namespace icn::sim
