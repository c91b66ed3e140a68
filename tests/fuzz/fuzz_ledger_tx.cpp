// libFuzzer harness: a signed ledger transaction as it travels (the LedgerEntry a
// MSG_LEDGER_TX envelope carries: tx_bytes, signature, scheme; protocol/ledger/signed_tx.hpp):
// decode, verify the signature, then apply it to the fixture ledger with signatures trusted,
// so hostile amounts, times and accounts reach every ledger rule.
#include <cstddef>
#include <cstdint>

#include "protocol/ledger/ledger.hpp"
#include "tests/fuzz/fuzz_fixtures.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icn;
  namespace v1 = icnmesh::v1;
  v1::LedgerEntry carrier;
  if (!carrier.ParseFromArray(data, static_cast<int>(size))) return 0;
  const ledger::SignedTx signed_tx{to_bytes(carrier.tx_bytes()), to_bytes(carrier.signature()),
                                   carrier.scheme()};
  const auto& workload = fuzz::fixture_workload();
  (void)ledger::verify_signed_tx(signed_tx, workload.verifier());
  auto tx = ledger::decode_tx(signed_tx.tx_bytes);
  if (!tx) return 0;
  ledger::Ledger ledger(workload.genesis(), workload.params());
  const ledger::TrustingVerifier trusting;
  (void)ledger.submit(signed_tx, trusting, tx->timestamp_unix_ms());
  return 0;
}
