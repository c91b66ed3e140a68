// Mana ledger throughput (docs/ledger.md, "Measured"):
//   - transfers applied in memory: the bare state machine, then Ledger::submit without
//     signature checks, with sim-mac and with Ed25519 verification;
//   - durable transfers through the SQLite store with group commit (batch 1, 100, 1000,
//     10000; WAL + synchronous=FULL, one fsync per batch).
// The store files go to $ICNMESH_BENCH_DIR (default: the current directory), which should be
// on the disk being measured, not a tmpfs.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "node/store/ledger_store.hpp"
#include "node/store/ledger_workload.hpp"
#include "protocol/ledger/apply.hpp"
#include "protocol/ledger/log.hpp"
#include "protocol/ledger/signed_tx.hpp"

using namespace icn;
namespace v1 = icnmesh::v1;

namespace {

constexpr UnixMs kStart = 1'767'225'600'000ULL;

std::string bench_dir() {
  const char* dir = std::getenv("ICNMESH_BENCH_DIR");
  return dir ? dir : ".";
}

// A funded workload plus `count` pre-signed transfers (signing stays outside the timing).
struct TransferPool {
  node::LedgerWorkload workload;
  std::vector<ledger::SignedTx> funding;
  std::vector<ledger::SignedTx> transfers;
  TransferPool(std::size_t count, node::LedgerWorkload::Scheme scheme, int accounts = 1000)
      : workload(7, accounts, node::demo_ledger_params(), scheme, kStart) {
    for (int i = 0; i < accounts; ++i) funding.push_back(workload.next());
    transfers.reserve(count);
    for (std::size_t i = 0; i < count; ++i) transfers.push_back(workload.next_transfer());
  }
};

// The bare state machine: apply() on decoded transfers, no signatures, no log.
void BM_ApplyTransfer(benchmark::State& st) {
  ledger::LedgerState state = ledger::make_state(ledger::Genesis{"did:bench:authority"});
  const int accounts = 1000;
  std::vector<std::string> dids;
  for (int i = 0; i < accounts; ++i) {
    dids.push_back("did:bench:" + std::to_string(i));
    state.accounts[dids.back()].free = 1'000'000'000;
  }
  state.minted = 1'000'000'000ULL * accounts;
  ledger::Params params = node::demo_ledger_params();
  v1::LedgerTx tx;
  tx.set_timestamp_unix_ms(kStart);
  std::vector<std::uint64_t> nonces(accounts, 0);
  std::uint64_t i = 0;
  for (auto _ : st) {
    std::size_t from = i % accounts;
    std::size_t to = (i * 7 + 1) % accounts;
    tx.set_authorizer(dids[from]);
    tx.set_nonce(++nonces[from]);
    auto* t = tx.mutable_transfer();
    t->set_from(dids[from]);
    t->set_to(dids[to]);
    t->set_amount(1);
    auto r = ledger::apply(state, tx, dids[from], params, kStart);
    if (!r) st.SkipWithError(r.error().message.c_str());
    ++i;
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_ApplyTransfer);

// The pieces of Ledger::submit, to see where its time goes.
void BM_DecodeTx(benchmark::State& st) {
  TransferPool pool(1, node::LedgerWorkload::Scheme::kSimMac, 2);
  const auto& tx = pool.transfers.front();
  for (auto _ : st) benchmark::DoNotOptimize(ledger::decode_tx(tx.tx_bytes));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_DecodeTx);

void BM_EntryHash(benchmark::State& st) {
  TransferPool pool(1, node::LedgerWorkload::Scheme::kSimMac, 2);
  const auto& tx = pool.transfers.front();
  Bytes prev(32, 7);
  for (auto _ : st) {
    benchmark::DoNotOptimize(
        ledger::compute_entry_hash(42, prev, tx.tx_bytes, tx.signature, tx.scheme));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_EntryHash);

// Ledger::submit: decode + canonical check + (verification) + apply + hash-chained log entry.
void submit_transfers(benchmark::State& st, node::LedgerWorkload::Scheme scheme, bool verify) {
  static const std::size_t kPool = 200'000;
  TransferPool pool(scheme == node::LedgerWorkload::Scheme::kEd25519 ? 20'000 : kPool, scheme);
  ledger::TrustingVerifier trusting;
  const Verifier& verifier = verify ? pool.workload.verifier() : trusting;
  auto fresh = [&] {
    auto l = std::make_unique<ledger::Ledger>(pool.workload.genesis(), pool.workload.params(),
                                              /*retain_entries=*/false);
    for (const auto& tx : pool.funding) (void)l->submit(tx, trusting, kStart);
    return l;
  };
  auto ledger = fresh();
  std::size_t next = 0;
  for (auto _ : st) {
    if (next == pool.transfers.size()) {
      st.PauseTiming();
      ledger = fresh();
      next = 0;
      st.ResumeTiming();
    }
    auto r = ledger->submit(pool.transfers[next++], verifier, kStart);
    if (!r) st.SkipWithError(r.error().message.c_str());
  }
  st.SetItemsProcessed(st.iterations());
}
void BM_SubmitTransfer_NoSignatureCheck(benchmark::State& st) {
  submit_transfers(st, node::LedgerWorkload::Scheme::kSimMac, false);
}
void BM_SubmitTransfer_SimMac(benchmark::State& st) {
  submit_transfers(st, node::LedgerWorkload::Scheme::kSimMac, true);
}
void BM_SubmitTransfer_Ed25519(benchmark::State& st) {
  submit_transfers(st, node::LedgerWorkload::Scheme::kEd25519, true);
}
BENCHMARK(BM_SubmitTransfer_NoSignatureCheck);
BENCHMARK(BM_SubmitTransfer_SimMac);
BENCHMARK(BM_SubmitTransfer_Ed25519);

// Durable transfers: one append() = one SQLite transaction = one fsync of the WAL.
// Arg 0: batch size. Arg 1: 0 = signatures trusted (checked at admission), 1 = sim-mac checked,
// 2 = Ed25519 checked.
void BM_DurableTransfers(benchmark::State& st) {
  const auto batch = static_cast<std::size_t>(st.range(0));
  const auto verify = st.range(1);
  auto scheme =
      verify == 2 ? node::LedgerWorkload::Scheme::kEd25519 : node::LedgerWorkload::Scheme::kSimMac;
  const std::size_t batches = st.max_iterations;
  TransferPool pool(batch * batches, scheme);
  std::string path = bench_dir() + "/ledger-bench-" + std::to_string(::getpid()) + "-" +
                     std::to_string(batch) + ".db";
  std::system(("rm -f '" + path + "' '" + path + "-wal' '" + path + "-shm'").c_str());
  auto store = node::LedgerStore::create(path, pool.workload.genesis(), pool.workload.params());
  if (!store) {
    st.SkipWithError(store.error().message.c_str());
    return;
  }
  ledger::TrustingVerifier trusting;
  const Verifier& verifier = verify ? pool.workload.verifier() : trusting;
  (void)(*store)->append(pool.funding, trusting, kStart);
  std::size_t next = 0;
  for (auto _ : st) {
    std::vector<ledger::SignedTx> txs(pool.transfers.begin() + static_cast<long>(next),
                                      pool.transfers.begin() + static_cast<long>(next + batch));
    next += batch;
    auto r = (*store)->append(txs, verifier, kStart);
    if (!r || r->accepted != batch) st.SkipWithError("append failed");
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(batch));
  st.counters["batch"] = static_cast<double>(batch);
  store->reset();
  std::system(("rm -f '" + path + "' '" + path + "-wal' '" + path + "-shm'").c_str());
}
BENCHMARK(BM_DurableTransfers)
    ->Args({1, 0})
    ->Iterations(300)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_DurableTransfers)
    ->Args({100, 0})
    ->Iterations(200)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_DurableTransfers)
    ->Args({1000, 0})
    ->Iterations(100)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_DurableTransfers)
    ->Args({10000, 0})
    ->Iterations(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_DurableTransfers)
    ->Args({1000, 1})
    ->Iterations(100)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_DurableTransfers)
    ->Args({1000, 2})
    ->Iterations(10)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
