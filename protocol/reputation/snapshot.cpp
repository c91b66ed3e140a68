#include "protocol/reputation/snapshot.hpp"

#include <string>

namespace icn::reputation {

std::uint64_t reputation_epoch(UnixMs now, DurationMs epoch_ms) {
  return epoch_ms == 0 ? 0 : now / epoch_ms;
}

v1::ReputationSnapshot make_snapshot(const ReputationBook& book, std::uint64_t epoch, UnixMs as_of,
                                     const v1::EconomicParams& params) {
  v1::ReputationSnapshot snapshot;
  snapshot.set_epoch(epoch);
  snapshot.set_as_of_unix_ms(as_of);
  for (const auto& [did, score] : book.stored()) {  // std::map: sorted by DID, unique
    auto* entry = snapshot.add_entries();
    entry->set_did(did);
    entry->set_ppm(decayed(score, as_of, params).ppm);
  }
  return snapshot;
}

Expected<market::ReputationMap> read_snapshot(const v1::ReputationSnapshot& snapshot) {
  market::ReputationMap map;
  const std::string* previous = nullptr;
  for (int i = 0; i < snapshot.entries_size(); ++i) {
    const auto& entry = snapshot.entries(i);
    const std::string where = "snapshot entries[" + std::to_string(i) + "] (" + entry.did() + ")";
    if (entry.did().empty()) return fail("bad_snapshot", where + ": empty DID");
    if (previous && !(*previous < entry.did())) {
      return fail("bad_snapshot", where + ": not after '" + *previous +
                                      "' (entries must be sorted by DID, each once)");
    }
    if (entry.ppm() > kOne) {
      return fail("bad_snapshot",
                  where + ": ppm " + std::to_string(entry.ppm()) + " exceeds 1000000");
    }
    map.emplace_hint(map.end(), entry.did(), entry.ppm());
    previous = &entry.did();
  }
  return map;
}

}  // namespace icn::reputation
