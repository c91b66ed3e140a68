#pragma once
// Durable SQLite store for one mana ledger (docs/ledger.md, "SQLite store").
//
// Every entry of the hash-chained log is one row; a meta table holds the genesis (authority
// DID) and the economic parameters. WAL journal with synchronous=FULL: a transaction is
// acknowledged only after the COMMIT that contains it returned, and with FULL the WAL is
// fsynced on every commit, so an acknowledged transaction survives a crash or power loss.
// Group commit: append() takes a batch and writes all accepted transactions of the batch in
// one SQLite transaction (one fsync).
//
// open() never repairs or drops anything: it verifies every row (hash chain, decoded columns,
// optionally signatures, every transaction and the invariant) and fails naming the first bad
// entry.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/core/error.hpp"
#include "protocol/ledger/ledger.hpp"

struct sqlite3;

namespace icn::node {

namespace v1 = icnmesh::v1;

/// Error codes of open() and append():
inline constexpr std::string_view kStoreOpenFailed = "open_failed";   // cannot open the file
inline constexpr std::string_view kStoreNotALedger = "not_a_ledger";  // not our schema
inline constexpr std::string_view kStoreCorrupt = "corrupt";  // a bad entry (message says which)
inline constexpr std::string_view kStoreIo = "io";            // SQLite failed while writing
inline constexpr std::string_view kStoreExists = "exists";    // create() on an existing ledger

inline constexpr int kLedgerSchemaVersion = 1;
/// PRAGMA application_id of icnmesh ledger files ("ICNL").
inline constexpr int kLedgerApplicationId = 0x49434E4C;

struct LedgerOpenOptions {
  /// Checks every entry's signature when not null (must outlive open()).
  const Verifier* verifier = nullptr;
  /// Checks the invariant after every entry (names the entry that broke it) rather than
  /// once at the end.
  bool check_invariant_each = false;
  bool read_only = false;
};

/// One accepted transaction of a batch, durable once append() returned.
struct LedgerAck {
  std::uint64_t height = 0;
  ledger::Receipt receipt;
};

struct LedgerBatchResult {
  /// One result per submitted transaction, in order: an ack or the rejection.
  std::vector<Expected<LedgerAck>> results;
  std::uint64_t height = 0;  // the ledger's height after the commit
  std::size_t accepted = 0;
};

/// A row of the entries table as read back, decoded for the CLI.
struct LedgerRow {
  v1::LedgerEntry entry;
  v1::LedgerTx tx;
};

class LedgerStore {
 public:
  /// Creates a new ledger file (error "exists" if `path` already holds a ledger).
  static Expected<std::unique_ptr<LedgerStore>> create(const std::string& path,
                                                       const ledger::Genesis& genesis,
                                                       const ledger::Params& params);
  /// Opens, verifies and replays an existing ledger.
  static Expected<std::unique_ptr<LedgerStore>> open(const std::string& path,
                                                     const LedgerOpenOptions& options = {});
  ~LedgerStore();
  LedgerStore(const LedgerStore&) = delete;
  LedgerStore& operator=(const LedgerStore&) = delete;

  /// Verifies, applies and durably appends a batch; returns after COMMIT. Rejected
  /// transactions are reported and not written. Error "io" if SQLite fails: nothing of the
  /// batch is acknowledged and the store refuses further appends (reopen to recover the
  /// committed state).
  Expected<LedgerBatchResult> append(const std::vector<ledger::SignedTx>& batch,
                                     const Verifier& verifier, UnixMs now);

  /// Reads all rows (optionally only those whose job_id column equals `job_id`), in height
  /// order.
  Expected<std::vector<LedgerRow>> rows(const std::optional<std::string>& job_id = {}) const;

  const ledger::Ledger& ledger() const { return *ledger_; }
  const std::string& path() const { return path_; }

 private:
  LedgerStore(std::string path, sqlite3* db, std::unique_ptr<ledger::Ledger> ledger);
  Expected<void> prepare();

  std::string path_;
  sqlite3* db_;
  std::unique_ptr<ledger::Ledger> ledger_;
  struct Statements;
  std::unique_ptr<Statements> stmts_;
  bool poisoned_ = false;
};

}  // namespace icn::node
