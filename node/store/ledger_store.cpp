#include "node/store/ledger_store.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <utility>

#include "protocol/ledger/describe.hpp"
#include "protocol/ledger/invariant.hpp"
#include "protocol/wire/canonical.hpp"

namespace icn::node {

namespace {

using ledger::Ledger;

tl::unexpected<Error> store_error(std::string_view code, std::string message) {
  return fail(std::string(code), std::move(message));
}

std::string sqlite_message(sqlite3* db) {
  return db ? sqlite3_errmsg(db) : "out of memory";
}

// Runs SQL without results; error "io" (or the given code) with SQLite's message.
Expected<void> exec(sqlite3* db, const char* sql, std::string_view code = kStoreIo) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : sqlite_message(db);
    sqlite3_free(err);
    return store_error(code, message);
  }
  return {};
}

/// A prepared statement, finalized on destruction.
class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& o) noexcept : stmt_(o.stmt_), rc_(o.rc_) { o.stmt_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept {
    std::swap(stmt_, o.stmt_);
    std::swap(rc_, o.rc_);
    return *this;
  }
  bool ok() const { return rc_ == SQLITE_OK && stmt_ != nullptr; }
  int rc() const { return rc_; }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? std::string(reinterpret_cast<const char*>(t),
                         static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

std::string column_blob(sqlite3_stmt* s, int i) {
  const void* b = sqlite3_column_blob(s, i);
  return b ? std::string(static_cast<const char*>(b),
                         static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE entries (
  height     INTEGER PRIMARY KEY,
  prev_hash  BLOB NOT NULL,
  tx_bytes   BLOB NOT NULL,
  signature  BLOB NOT NULL,
  scheme     TEXT NOT NULL,
  entry_hash BLOB NOT NULL,
  -- decoded from tx_bytes, for inspection with sqlite3; open() checks they agree
  kind       TEXT NOT NULL,
  authorizer TEXT NOT NULL,
  job_id     TEXT NOT NULL,
  amount     INTEGER NOT NULL,
  time_ms    INTEGER NOT NULL
);
)sql";

constexpr const char* kSelectEntries =
    "SELECT height, prev_hash, tx_bytes, signature, scheme, entry_hash, kind, authorizer, "
    "job_id, amount, time_ms FROM entries";

// The decoded columns a row must carry for its transaction.
struct DecodedColumns {
  std::string kind;
  std::string authorizer;
  std::string job_id;
  std::uint64_t amount = 0;
  std::uint64_t time_ms = 0;
};

DecodedColumns decoded_columns(const v1::LedgerTx& tx) {
  return DecodedColumns{ledger::kind_name(tx.body_case()), tx.authorizer(), ledger::tx_job_id(tx),
                        ledger::tx_amount(tx), tx.timestamp_unix_ms()};
}

v1::LedgerEntry entry_from_row(sqlite3_stmt* s) {
  v1::LedgerEntry e;
  e.set_height(static_cast<std::uint64_t>(sqlite3_column_int64(s, 0)));
  e.set_prev_hash(column_blob(s, 1));
  e.set_tx_bytes(column_blob(s, 2));
  e.set_signature(column_blob(s, 3));
  e.set_scheme(column_text(s, 4));
  e.set_entry_hash(column_blob(s, 5));
  return e;
}

DecodedColumns columns_from_row(sqlite3_stmt* s) {
  return DecodedColumns{column_text(s, 6), column_text(s, 7), column_text(s, 8),
                        static_cast<std::uint64_t>(sqlite3_column_int64(s, 9)),
                        static_cast<std::uint64_t>(sqlite3_column_int64(s, 10))};
}

// Names the first decoded column that disagrees with the transaction bytes.
std::optional<std::string> column_mismatch(const DecodedColumns& stored,
                                           const DecodedColumns& actual) {
  auto differ = [](const char* name, const std::string& s, const std::string& a) {
    return "column " + std::string(name) + " is '" + s + "' but the transaction says '" + a + "'";
  };
  if (stored.kind != actual.kind) return differ("kind", stored.kind, actual.kind);
  if (stored.authorizer != actual.authorizer) {
    return differ("authorizer", stored.authorizer, actual.authorizer);
  }
  if (stored.job_id != actual.job_id) return differ("job_id", stored.job_id, actual.job_id);
  if (stored.amount != actual.amount) {
    return differ("amount", std::to_string(stored.amount), std::to_string(actual.amount));
  }
  if (stored.time_ms != actual.time_ms) {
    return differ("time_ms", std::to_string(stored.time_ms), std::to_string(actual.time_ms));
  }
  return std::nullopt;
}

Expected<std::string> read_meta(sqlite3* db, const char* key) {
  Stmt s(db, "SELECT value FROM meta WHERE key = ?1");
  if (!s.ok()) return store_error(kStoreNotALedger, "no meta table: " + sqlite_message(db));
  sqlite3_bind_text(s.get(), 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step(s.get()) != SQLITE_ROW) {
    return store_error(kStoreCorrupt, std::string("meta: '") + key + "' is missing");
  }
  return column_blob(s.get(), 0);
}

Expected<int> pragma_int(sqlite3* db, const char* sql) {
  Stmt s(db, sql);
  if (!s.ok()) return store_error(kStoreNotALedger, sqlite_message(db));
  int rc = sqlite3_step(s.get());
  if (rc != SQLITE_ROW) return store_error(kStoreNotALedger, sqlite_message(db));
  return sqlite3_column_int(s.get(), 0);
}

Expected<void> configure_durability(sqlite3* db) {
  // WAL: readers do not block the writer and a commit is one sequential WAL append.
  // synchronous=FULL: the WAL is fsynced at every commit, so a COMMIT that returned is on
  // disk (NORMAL would only fsync at checkpoints and could lose the last commits on power loss).
  if (auto ok = exec(db, "PRAGMA journal_mode=WAL"); !ok) return ok;
  if (auto ok = exec(db, "PRAGMA synchronous=FULL"); !ok) return ok;
  // A 10,000-transaction group commit dirties ~3 MB; a 64 MiB page cache keeps it from
  // spilling into the WAL before COMMIT, and checkpoints (which fsync the main file) run every
  // 4096 pages of WAL rather than every 1000.
  if (auto ok = exec(db, "PRAGMA cache_size=-65536"); !ok) return ok;
  return exec(db, "PRAGMA wal_autocheckpoint=4096");
}

bool file_exists(const std::string& path, bool* non_empty) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  *non_empty = st.st_size > 0;
  return true;
}

}  // namespace

struct LedgerStore::Statements {
  Stmt begin, commit, rollback, insert;
};

LedgerStore::LedgerStore(std::string path, sqlite3* db, std::unique_ptr<Ledger> ledger)
    : path_(std::move(path)), db_(db), ledger_(std::move(ledger)) {}

LedgerStore::~LedgerStore() {
  stmts_.reset();
  sqlite3_close_v2(db_);
}

Expected<void> LedgerStore::prepare() {
  stmts_ = std::make_unique<Statements>();
  stmts_->begin = Stmt(db_, "BEGIN IMMEDIATE");
  stmts_->commit = Stmt(db_, "COMMIT");
  stmts_->rollback = Stmt(db_, "ROLLBACK");
  stmts_->insert = Stmt(db_,
                        "INSERT INTO entries (height, prev_hash, tx_bytes, signature, scheme, "
                        "entry_hash, kind, authorizer, job_id, amount, time_ms) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!stmts_->begin.ok() || !stmts_->commit.ok() || !stmts_->rollback.ok() ||
      !stmts_->insert.ok()) {
    return store_error(kStoreIo, path_ + ": cannot prepare statements: " + sqlite_message(db_));
  }
  return {};
}

Expected<std::unique_ptr<LedgerStore>> LedgerStore::create(const std::string& path,
                                                           const ledger::Genesis& genesis,
                                                           const ledger::Params& params) {
  bool non_empty = false;
  if (file_exists(path, &non_empty) && non_empty) {
    return store_error(kStoreExists, path + ": already exists; refusing to overwrite it");
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string message = sqlite_message(db);
    sqlite3_close_v2(db);
    return store_error(kStoreOpenFailed, path + ": " + message);
  }
  auto fail_with = [&](const Error& e) {
    sqlite3_close_v2(db);
    return store_error(e.code, path + ": " + e.message);
  };
  // 16 KiB pages: about 50 entries per page, so fewer page writes per commit (must be set
  // before the first table exists and before WAL mode).
  if (auto ok = exec(db, "PRAGMA page_size=16384"); !ok) return fail_with(ok.error());
  if (auto ok = configure_durability(db); !ok) return fail_with(ok.error());
  std::string pragmas = "PRAGMA application_id=" + std::to_string(kLedgerApplicationId) +
                        "; PRAGMA user_version=" + std::to_string(kLedgerSchemaVersion) + ";";
  if (auto ok = exec(db, "BEGIN IMMEDIATE"); !ok) return fail_with(ok.error());
  if (auto ok = exec(db, pragmas.c_str()); !ok) return fail_with(ok.error());
  if (auto ok = exec(db, kSchema); !ok) return fail_with(ok.error());
  Bytes params_bytes = deterministic_bytes(params);
  struct Row {
    const char* key;
    std::string value;
  };
  for (const Row& row :
       {Row{"format", "icnmesh-ledger"},
        Row{"schema_version", std::to_string(kLedgerSchemaVersion)},
        Row{"authority", genesis.authority}, Row{"params", to_string(params_bytes)},
        Row{"params_text", params.DebugString()}}) {
    Stmt s(db, "INSERT INTO meta (key, value) VALUES (?1, ?2)");
    if (!s.ok()) return fail_with(Error{std::string(kStoreIo), sqlite_message(db)});
    sqlite3_bind_text(s.get(), 1, row.key, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s.get(), 2, row.value.data(), static_cast<int>(row.value.size()),
                      SQLITE_STATIC);
    if (sqlite3_step(s.get()) != SQLITE_DONE) {
      return fail_with(Error{std::string(kStoreIo), sqlite_message(db)});
    }
  }
  if (auto ok = exec(db, "COMMIT"); !ok) return fail_with(ok.error());
  std::unique_ptr<LedgerStore> store(
      new LedgerStore(path, db, std::make_unique<Ledger>(genesis, params, false)));
  if (auto ok = store->prepare(); !ok) return tl::unexpected(ok.error());
  return store;
}

Expected<std::unique_ptr<LedgerStore>> LedgerStore::open(const std::string& path,
                                                         const LedgerOpenOptions& options) {
  bool non_empty = false;
  if (!file_exists(path, &non_empty)) {
    return store_error(kStoreOpenFailed, path + ": no such file");
  }
  sqlite3* db = nullptr;
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = sqlite_message(db);
    sqlite3_close_v2(db);
    return store_error(kStoreOpenFailed, path + ": " + message);
  }
  std::unique_ptr<LedgerStore> store(new LedgerStore(path, db, nullptr));
  auto not_ours = [&](std::string why) { return store_error(kStoreNotALedger, path + ": " + why); };
  sqlite3_busy_timeout(db, 5000);

  auto app_id = pragma_int(db, "PRAGMA application_id");
  if (!app_id) return not_ours("not a SQLite database (" + app_id.error().message + ")");
  if (*app_id != kLedgerApplicationId) {
    return not_ours("not an icnmesh ledger (application_id " + std::to_string(*app_id) + ")");
  }
  auto version = pragma_int(db, "PRAGMA user_version");
  if (!version) return not_ours(version.error().message);
  if (*version != kLedgerSchemaVersion) {
    return not_ours("ledger schema version " + std::to_string(*version) + ", this build reads " +
                    std::to_string(kLedgerSchemaVersion));
  }
  if (!options.read_only) {
    if (auto ok = configure_durability(db); !ok) {
      return store_error(ok.error().code, path + ": " + ok.error().message);
    }
  }

  auto authority = read_meta(db, "authority");
  if (!authority)
    return store_error(authority.error().code, path + ": " + authority.error().message);
  auto params_bytes = read_meta(db, "params");
  if (!params_bytes) {
    return store_error(params_bytes.error().code, path + ": " + params_bytes.error().message);
  }
  ledger::Params params;
  if (!params.ParseFromString(*params_bytes)) {
    return store_error(kStoreCorrupt, path + ": meta: 'params' does not parse");
  }
  store->ledger_ = std::make_unique<Ledger>(ledger::Genesis{*authority}, params, false);

  std::string sql = std::string(kSelectEntries) + " ORDER BY height";
  Stmt s(db, sql.c_str());
  if (!s.ok()) return not_ours("no entries table: " + sqlite_message(db));
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    v1::LedgerEntry entry = entry_from_row(s.get());
    if (auto fault =
            store->ledger_->replay_entry(entry, options.verifier, options.check_invariant_each)) {
      return store_error(kStoreCorrupt, fault->message);
    }
    auto tx = ledger::decode_tx(ByteView(entry.tx_bytes()));  // replay_entry decoded it already
    if (auto mismatch = column_mismatch(columns_from_row(s.get()), decoded_columns(*tx))) {
      return store_error(kStoreCorrupt,
                         "entry " + std::to_string(entry.height()) + ": " + *mismatch);
    }
  }
  if (rc != SQLITE_DONE) {
    return store_error(kStoreCorrupt, path + ": reading entries failed: " + sqlite_message(db));
  }
  if (auto violation = ledger::check_invariant(store->ledger_->state())) {
    return store_error(kStoreCorrupt, "entry " + std::to_string(store->ledger_->height()) +
                                          ": invariant violated: " + *violation);
  }
  if (!options.read_only) {
    if (auto ok = store->prepare(); !ok) return tl::unexpected(ok.error());
  }
  return store;
}

Expected<LedgerBatchResult> LedgerStore::append(const std::vector<ledger::SignedTx>& batch,
                                                const Verifier& verifier, UnixMs now) {
  if (!stmts_) return store_error(kStoreIo, path_ + ": opened read-only");
  if (poisoned_) {
    return store_error(kStoreIo, path_ + ": an earlier write failed; reopen the ledger");
  }
  auto io_failure = [&](const char* what) {
    std::string message = path_ + ": " + what + ": " + sqlite_message(db_);
    sqlite3_reset(stmts_->rollback.get());
    sqlite3_step(stmts_->rollback.get());
    sqlite3_reset(stmts_->rollback.get());
    poisoned_ = true;  // the in-memory ledger is ahead of the disk now
    return store_error(kStoreIo, message);
  };
  LedgerBatchResult out;
  out.results.reserve(batch.size());
  sqlite3_stmt* begin = stmts_->begin.get();
  sqlite3_reset(begin);
  if (sqlite3_step(begin) != SQLITE_DONE) return io_failure("BEGIN failed");
  sqlite3_stmt* insert = stmts_->insert.get();
  for (const auto& signed_tx : batch) {
    auto applied = ledger_->submit(signed_tx, verifier, now);
    if (!applied) {
      out.results.emplace_back(tl::unexpected(applied.error()));
      continue;
    }
    const v1::LedgerEntry& e = applied->entry;
    DecodedColumns c = decoded_columns(applied->tx);
    sqlite3_reset(insert);
    sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(e.height()));
    sqlite3_bind_blob(insert, 2, e.prev_hash().data(), static_cast<int>(e.prev_hash().size()),
                      SQLITE_STATIC);
    sqlite3_bind_blob(insert, 3, e.tx_bytes().data(), static_cast<int>(e.tx_bytes().size()),
                      SQLITE_STATIC);
    sqlite3_bind_blob(insert, 4, e.signature().data(), static_cast<int>(e.signature().size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(insert, 5, e.scheme().data(), static_cast<int>(e.scheme().size()),
                      SQLITE_STATIC);
    sqlite3_bind_blob(insert, 6, e.entry_hash().data(), static_cast<int>(e.entry_hash().size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(insert, 7, c.kind.data(), static_cast<int>(c.kind.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 8, c.authorizer.data(), static_cast<int>(c.authorizer.size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(insert, 9, c.job_id.data(), static_cast<int>(c.job_id.size()), SQLITE_STATIC);
    sqlite3_bind_int64(insert, 10, static_cast<sqlite3_int64>(c.amount));
    sqlite3_bind_int64(insert, 11, static_cast<sqlite3_int64>(c.time_ms));
    if (sqlite3_step(insert) != SQLITE_DONE) return io_failure("INSERT failed");
    out.results.emplace_back(LedgerAck{e.height(), applied->receipt});
    ++out.accepted;
  }
  sqlite3_reset(insert);
  sqlite3_clear_bindings(insert);
  sqlite3_stmt* commit = stmts_->commit.get();
  sqlite3_reset(commit);
  if (sqlite3_step(commit) != SQLITE_DONE) return io_failure("COMMIT failed");
  out.height = ledger_->height();
  return out;
}

Expected<std::vector<LedgerRow>> LedgerStore::rows(const std::optional<std::string>& job_id) const {
  std::string sql =
      std::string(kSelectEntries) + (job_id ? " WHERE job_id = ?1" : "") + " ORDER BY height";
  Stmt s(db_, sql.c_str());
  if (!s.ok()) return store_error(kStoreIo, path_ + ": " + sqlite_message(db_));
  if (job_id) {
    sqlite3_bind_text(s.get(), 1, job_id->data(), static_cast<int>(job_id->size()),
                      SQLITE_TRANSIENT);
  }
  std::vector<LedgerRow> out;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    LedgerRow row;
    row.entry = entry_from_row(s.get());
    if (auto tx = ledger::decode_tx(ByteView(row.entry.tx_bytes()))) row.tx = std::move(*tx);
    out.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return store_error(kStoreIo, path_ + ": " + sqlite_message(db_));
  return out;
}

}  // namespace icn::node
