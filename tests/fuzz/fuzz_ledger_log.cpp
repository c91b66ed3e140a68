// libFuzzer harness: a ledger log read back and replayed (protocol/ledger/ledger.hpp,
// Ledger::replay_entry; what `icnmesh ledger verify` does with each SQLite row).
// Input: one mode byte, then size-delimited LedgerEntry messages (at most 64).
// Mode bit 0: re-link the entries first (heights, prev_hash, entry_hash), so mutations reach
// the transaction rules instead of stopping at the hash chain, which a fuzzer cannot forge.
// Mode bit 1: skip signature checks, for the same reason.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/util/delimited_message_util.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocol/ledger/ledger.hpp"
#include "tests/fuzz/fuzz_fixtures.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icn;
  namespace v1 = icnmesh::v1;
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  google::protobuf::io::CodedInputStream in(data + 1, static_cast<int>(size - 1));
  std::vector<v1::LedgerEntry> entries;
  for (bool clean_eof = false; entries.size() < 64;) {
    v1::LedgerEntry entry;
    if (!google::protobuf::util::ParseDelimitedFromCodedStream(&entry, &in, &clean_eof)) break;
    entries.push_back(std::move(entry));
  }
  (void)ledger::verify_chain(entries);
  if (mode & 1) {
    Bytes prev = ledger::genesis_prev_hash();
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto& e = entries[i];
      e.set_height(ledger::kFirstHeight + i);
      e.set_prev_hash(to_string(prev));
      const Digest hash = ledger::compute_entry_hash(e);
      e.set_entry_hash(std::string(hash.begin(), hash.end()));
      prev = to_bytes(e.entry_hash());
    }
  }
  const auto& workload = fuzz::fixture_workload();
  ledger::Ledger ledger(workload.genesis(), workload.params());
  const Verifier* verifier = (mode & 2) ? nullptr : &workload.verifier();
  for (const auto& e : entries)
    if (ledger.replay_entry(e, verifier, true)) break;
  return 0;
}
