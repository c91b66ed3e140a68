#pragma once
// One checker per invariant (docs/simulator.md, "Invariants"). The simulator feeds each
// checker the protocol events the actors report and asks it after every event whether the
// invariant still holds. A checker keeps the first violation; later ones are only counted.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/core/time.hpp"

namespace icn::ledger {
struct LedgerState;
}

namespace icn::sim {

/// What a checker may look at after an event.
struct CheckContext {
  std::uint64_t event_index = 0;
  UnixMs now = 0;  // simulated time (Unix ms)
  const ledger::LedgerState* ledger = nullptr;
  std::uint64_t ledger_height = 0;
};

/// A reported protocol event ("settled", "slash", ...), see actors/roles/*.cpp.
struct ReportView {
  const std::string& event;
  const std::string& subject;
  std::int64_t value;
};

struct Violation {
  std::string invariant;
  std::string message;
  UnixMs at = 0;
  std::uint64_t event_index = 0;
};

class InvariantChecker {
 public:
  virtual ~InvariantChecker() = default;
  virtual const char* name() const = 0;
  /// Sees every report as it happens (before check()).
  virtual void observe(const ReportView& report) { (void)report; }
  /// nullopt when the invariant holds after this event; otherwise what is wrong.
  virtual std::optional<std::string> check(const CheckContext& ctx) = 0;
};

/// Splits "a|b|c" reports into fields.
std::vector<std::string> split_fields(const std::string& subject);

std::unique_ptr<InvariantChecker> make_mana_conservation_checker();
std::unique_ptr<InvariantChecker> make_escrow_once_checker();
std::unique_ptr<InvariantChecker> make_assigned_receipt_checker();
std::unique_ptr<InvariantChecker> make_terminal_by_deadline_checker(DurationMs grace_ms);
/// `is_honest(did)`: true for participants the scenario marks honest.
std::unique_ptr<InvariantChecker> make_honest_never_slashed_checker(
    std::function<bool(const std::string&)> is_honest);

/// Runs all checkers and remembers the first violation of each.
class InvariantSet {
 public:
  void add(std::unique_ptr<InvariantChecker> checker);
  void observe(const ReportView& report);
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
