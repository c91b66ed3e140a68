#pragma once
// What the simulator knows of the mesh's state, read from the ledger node's disk -- never from
// what a role reports about itself. The ledger observer replays every log entry the ledger
// role appended (hash chain, signature and rules checked again, independently); the job
// observer reads every job record the coordinator wrote.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/ledger.pb.h"
#include "proto/storage.pb.h"
#include "protocol/crypto/signer.hpp"
#include "protocol/ledger/ledger.hpp"
#include "protocol/lifecycle/job_state.hpp"
#include "sim/storage.hpp"

namespace icn::sim {

namespace v1 = icnmesh::v1;

class LedgerObserver {
 public:
  LedgerObserver(const Verifier& verifier, const std::string& authority,
                 const v1::EconomicParams& params);

  /// Replays the entries of `log` appended since the last call. The transactions of the new
  /// entries are in new_txs() until the next call.
  void poll(const std::vector<v1::LedgerEntry>& log);
  const std::vector<v1::LedgerTx>& new_txs() const { return new_txs_; }
  const ledger::Ledger& ledger() const { return ledger_; }
  /// The first entry the replay refused (a ledger bug), if any.
  const std::optional<std::string>& fault() const { return fault_; }

 private:
  const Verifier& verifier_;
  ledger::Ledger ledger_;
  std::size_t seen_ = 0;
  std::vector<v1::LedgerTx> new_txs_;
  std::optional<std::string> fault_;
};

/// A job record that changed on the ledger node's disk.
struct JobChange {
  std::string job_id;
  std::optional<lifecycle::JobState> open;  // the coordinator's current record of an open job
  std::optional<v1::SettledJob> settled;    // the record a settled job left
};

class JobObserver {
 public:
  /// Reads the job records written to `disk` since the last call.
  void poll(SimStorage& disk);
  const std::vector<JobChange>& changes() const { return changes_; }
  /// The first record that could not be read back (a coordinator bug), if any.
  const std::optional<std::string>& fault() const { return fault_; }

 private:
  std::vector<JobChange> changes_;
  std::optional<std::string> fault_;
};

}  // namespace icn::sim
