#pragma once
// The hash-chained ledger log (docs/ledger.md, "Hash chain"). Byte by byte:
//   entry_hash = SHA-256( "icnmesh/ledger-entry/v1\n"
//                         || height (u64 big-endian)
//                         || prev_hash (32 bytes; all zero for the first entry)
//                         || u32-BE length || tx_bytes
//                         || u32-BE length || signature
//                         || u32-BE length || scheme (UTF-8) )
// Heights start at 1 and increase by exactly 1.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/ledger.pb.h"
#include "protocol/core/bytes.hpp"
#include "protocol/crypto/sha256.hpp"

namespace icn::ledger {

namespace v1 = icnmesh::v1;

inline constexpr std::string_view kEntryHashDomain = "icnmesh/ledger-entry/v1\n";
inline constexpr std::uint64_t kFirstHeight = 1;

/// prev_hash of the first entry: 32 zero bytes.
Bytes genesis_prev_hash();

/// The bytes the entry hash is computed over (the layout above).
Bytes entry_hash_input(std::uint64_t height, ByteView prev_hash, ByteView tx_bytes,
                       ByteView signature, std::string_view scheme);

/// The entry hash of the fields above (entry.entry_hash itself is ignored).
Digest compute_entry_hash(std::uint64_t height, ByteView prev_hash, ByteView tx_bytes,
                          ByteView signature, std::string_view scheme);
Digest compute_entry_hash(const v1::LedgerEntry& entry);

/// Where and why a chain (or its replay) is broken. `message` is complete and starts with
/// "entry <height>" (e.g. "entry 17: hash mismatch (stored ab.., computed cd..)").
struct ChainFault {
  std::uint64_t height = 0;
  std::string message;
};

/// Checks heights (start at 1, step 1), prev_hash links and entry hashes; does not look at
/// signatures or transaction contents. nullopt when the chain is intact.
std::optional<ChainFault> verify_chain(const std::vector<v1::LedgerEntry>& entries);

/// Incremental form of verify_chain for streaming from a store: feed entries in order.
class ChainVerifier {
 public:
  std::optional<ChainFault> next(const v1::LedgerEntry& entry);
  std::uint64_t height() const { return height_; }

 private:
  std::uint64_t height_ = 0;
  Bytes tip_ = genesis_prev_hash();
};

/// The append side: builds correctly linked entries. Keeps entries in memory only when
/// `retain` (the SQLite store keeps them on disk instead).
class LedgerLog {
 public:
  explicit LedgerLog(bool retain = true) : retain_(retain) {}
  /// Builds the next entry (height, prev_hash, entry_hash) and appends it.
  const v1::LedgerEntry& append(const Bytes& tx_bytes, const Bytes& signature, std::string scheme);
  /// Adopts an already verified entry (replay); it must link to the tip.
  void adopt(const v1::LedgerEntry& entry);
  std::uint64_t height() const { return height_; }
  const Bytes& tip_hash() const { return tip_; }
  const std::vector<v1::LedgerEntry>& entries() const { return entries_; }
  const v1::LedgerEntry& last() const { return last_; }

 private:
  bool retain_;
  std::uint64_t height_ = 0;
  Bytes tip_ = genesis_prev_hash();
  std::vector<v1::LedgerEntry> entries_;
  v1::LedgerEntry last_;
};

}  // namespace icn::ledger
