#pragma once
// An in-memory actors::Storage for tests (no simulator linked).
#include <map>
#include <string>
#include <vector>

#include "actors/world.hpp"

namespace icn::test {

class MemoryLedgerLog : public actors::LedgerLogStorage {
 public:
  std::vector<icnmesh::v1::LedgerEntry> entries() const override { return entries_; }
  void append(const icnmesh::v1::LedgerEntry& e) override { entries_.push_back(e); }
  std::vector<icnmesh::v1::LedgerEntry> entries_;
};

class MemoryStorage : public actors::Storage {
 public:
  void put(std::string_view key, std::string value) override {
    records[std::string(key)] = std::move(value);
  }
  std::optional<std::string> get(std::string_view key) const override {
    auto it = records.find(std::string(key));
    if (it == records.end()) return std::nullopt;
    return it->second;
  }
  void erase(std::string_view key) override { records.erase(std::string(key)); }
  std::vector<std::pair<std::string, std::string>> scan(std::string_view prefix) const override {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [k, v] : records)
      if (k.compare(0, prefix.size(), prefix) == 0) out.emplace_back(k, v);
    return out;
  }
  actors::LedgerLogStorage& ledger_log() override { return log; }

  std::map<std::string, std::string> records;
  MemoryLedgerLog log;
};

}  // namespace icn::test
