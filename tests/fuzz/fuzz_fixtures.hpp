#pragma once
// The fixed world the binary-message harnesses and their seed generator share: a small demo
// ledger (node/store/ledger_workload.hpp) whose identities sign the seed envelopes and
// transactions, so seeds verify and mutations of them exercise the rejection paths.
#include <cstdint>

#include "node/store/ledger_workload.hpp"

namespace icn::fuzz {

inline constexpr std::uint64_t kWorkloadSeed = 17;
inline constexpr int kWorkloadAccounts = 6;
inline constexpr UnixMs kLedgerStart = 1767225600000ULL;  // 2026-01-01

/// The workload every ledger harness replays against (built once per process).
inline const node::LedgerWorkload& fixture_workload() {
  static const node::LedgerWorkload* workload =
      new node::LedgerWorkload(kWorkloadSeed, kWorkloadAccounts, node::demo_ledger_params(),
                               node::LedgerWorkload::Scheme::kEd25519, kLedgerStart);
  return *workload;
}

}  // namespace icn::fuzz
