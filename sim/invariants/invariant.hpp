#pragma once
// One checker per invariant (docs/simulator.md, "Invariants"). Checkers read the state the
// simulator observes on the ledger node's disk (sim/observer.hpp) -- the ledger replayed from
// its log, and the coordinator's job records -- never the roles' own account of what they
// did, so a role that misbehaves without saying so is still caught. A checker keeps the first
// violation; later ones are only counted.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proto/ledger.pb.h"
#include "protocol/core/time.hpp"
#include "sim/observer.hpp"
#include "sim/violation.hpp"

namespace icn::ledger {
struct LedgerState;
}

namespace icn::sim {

namespace v1 = icnmesh::v1;

/// What a checker may look at after an event (all observed on the ledger node's disk).
struct CheckContext {
  std::uint64_t event_index = 0;
  UnixMs now = 0;  // simulated time (Unix ms)
  /// The replayed ledger, when its O(accounts) checks are due (every invariant_every events
  /// and at the end); null otherwise.
  const ledger::LedgerState* ledger = nullptr;
  std::uint64_t ledger_height = 0;
  /// Transactions of the log entries appended since the last check.
  const std::vector<v1::LedgerTx>* new_txs = nullptr;
  /// Job records written since the last check.
  const std::vector<JobChange>* job_changes = nullptr;
  /// The first log entry the replay refused, if any.
  const std::optional<std::string>* replay_fault = nullptr;
  /// The first job record that did not read back, if any.
  const std::optional<std::string>* record_fault = nullptr;
};

class InvariantChecker {
 public:
  virtual ~InvariantChecker() = default;
  virtual const char* name() const = 0;
  /// nullopt when the invariant holds after this event; otherwise what is wrong.
  virtual std::optional<std::string> check(const CheckContext& ctx) = 0;
};

/// free + escrowed + bonded + unbonding = minted - burned, nothing negative or overflowing,
/// and every entry the ledger role appended replays (chain, signature, rules).
std::unique_ptr<InvariantChecker> make_mana_conservation_checker();
/// No escrow is released twice (counted from the log's EscrowRelease entries).
std::unique_ptr<InvariantChecker> make_escrow_once_checker();
/// A job's accepted receipt comes from its assigned executor (from the job records).
std::unique_ptr<InvariantChecker> make_assigned_receipt_checker();
/// Every submitted job settles by its final deadline + grace (from the job records).
std::unique_ptr<InvariantChecker> make_terminal_by_deadline_checker(DurationMs grace_ms);
/// No participant the scenario marks honest is slashed (from the log's Slash entries).
std::unique_ptr<InvariantChecker> make_honest_never_slashed_checker(
    std::function<bool(const std::string&)> is_honest,
    std::function<std::string(const std::string&)> name_of);

/// Runs all checkers and remembers the first violation of each.
class InvariantSet {
 public:
  void add(std::unique_ptr<InvariantChecker> checker);
  /// Checks every invariant; returns true when all hold.
  bool check(const CheckContext& ctx);
  std::uint64_t checks() const { return checks_; }
  std::uint64_t violations() const { return violations_; }
  /// First violation of each invariant that failed, in checker order.
  std::vector<Violation> first_violations() const;
  std::vector<std::string> names() const;

 private:
  std::vector<std::unique_ptr<InvariantChecker>> checkers_;
  std::vector<std::optional<Violation>> first_;
  std::uint64_t checks_ = 0;
  std::uint64_t violations_ = 0;
};

}  // namespace icn::sim
