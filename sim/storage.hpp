#pragma once
// A simulated node's disk: the records and ledger log its roles keep (actors::Storage), in
// memory, surviving the node's restarts unless the scenario wipes it. The simulator itself
// may read it -- it is the world's disk, not the actor's memory -- which is how the invariant
// checkers observe the ledger and the jobs without trusting what the roles report.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/world.hpp"

namespace icn::sim {

namespace v1 = icnmesh::v1;

class SimLedgerLog : public actors::LedgerLogStorage {
 public:
  std::vector<v1::LedgerEntry> entries() const override { return entries_; }
  void append(const v1::LedgerEntry& entry) override { entries_.push_back(entry); }
  const std::vector<v1::LedgerEntry>& stored() const { return entries_; }
  void clear() { entries_.clear(); }

 private:
  std::vector<v1::LedgerEntry> entries_;
};

class SimStorage : public actors::Storage {
 public:
  void put(std::string_view key, std::string value) override;
  std::optional<std::string> get(std::string_view key) const override;
  void erase(std::string_view key) override;
  std::vector<std::pair<std::string, std::string>> scan(std::string_view prefix) const override;
  actors::LedgerLogStorage& ledger_log() override { return log_; }

  /// The disk is lost (a scenario's wipe_state).
  void wipe();

  // ---- for the simulator's observers ----
  const std::vector<v1::LedgerEntry>& log_entries() const { return log_.stored(); }
  /// Keys written or erased since the last call, in key order.
  std::vector<std::string> take_changed_keys();
  /// Is a record stored under `key`?
  const std::string* find(const std::string& key) const;

 private:
  std::map<std::string, std::string, std::less<>> records_;
  std::set<std::string> changed_;
  SimLedgerLog log_;
};

}  // namespace icn::sim
