#pragma once
// Human and machine descriptions of ledger transactions: the decoded columns of the SQLite
// store and the CLI's history table.
#include <cstdint>
#include <string>

#include "proto/ledger.pb.h"

namespace icn::ledger {

namespace v1 = icnmesh::v1;

/// "mint", "regenerate", "transfer", "escrow_lock", "escrow_release", "bond_post",
/// "bond_withdraw", "bond_claim", "slash" ("none" when the body is not set).
const char* kind_name(v1::LedgerTx::BodyCase kind);
/// The transaction's headline amount (EscrowRelease: sum of payouts, saturating; BondClaim: 0).
std::uint64_t tx_amount(const v1::LedgerTx& tx);
/// The job id the transaction concerns, empty if none.
std::string tx_job_id(const v1::LedgerTx& tx);
/// One line of detail: "to did:..", "payouts: did:..=5 (executor_payment), ..", etc.
std::string tx_details(const v1::LedgerTx& tx);

}  // namespace icn::ledger
