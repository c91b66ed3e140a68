#include "protocol/ledger/describe.hpp"

#include <limits>

#include "protocol/ledger/state.hpp"

namespace icn::ledger {

const char* kind_name(v1::LedgerTx::BodyCase kind) {
  switch (kind) {
    case v1::LedgerTx::kMint:
      return "mint";
    case v1::LedgerTx::kRegenerate:
      return "regenerate";
    case v1::LedgerTx::kTransfer:
      return "transfer";
    case v1::LedgerTx::kEscrowLock:
      return "escrow_lock";
    case v1::LedgerTx::kEscrowRelease:
      return "escrow_release";
    case v1::LedgerTx::kBondPost:
      return "bond_post";
    case v1::LedgerTx::kBondWithdraw:
      return "bond_withdraw";
    case v1::LedgerTx::kBondClaim:
      return "bond_claim";
    case v1::LedgerTx::kSlash:
      return "slash";
    default:
      return "none";
  }
}

std::uint64_t tx_amount(const v1::LedgerTx& tx) {
  switch (tx.body_case()) {
    case v1::LedgerTx::kMint:
      return tx.mint().amount();
    case v1::LedgerTx::kRegenerate:
      return tx.regenerate().amount();
    case v1::LedgerTx::kTransfer:
      return tx.transfer().amount();
    case v1::LedgerTx::kEscrowLock:
      return tx.escrow_lock().amount();
    case v1::LedgerTx::kEscrowRelease: {
      std::uint64_t total = 0;
      for (const auto& p : tx.escrow_release().payouts()) {
        if (total > std::numeric_limits<std::uint64_t>::max() - p.amount()) {
          return std::numeric_limits<std::uint64_t>::max();
        }
        total += p.amount();
      }
      return total;
    }
    case v1::LedgerTx::kBondPost:
      return tx.bond_post().amount();
    case v1::LedgerTx::kBondWithdraw:
      return tx.bond_withdraw().amount();
    case v1::LedgerTx::kSlash:
      return tx.slash().amount();
    default:
      return 0;
  }
}

std::string tx_job_id(const v1::LedgerTx& tx) {
  switch (tx.body_case()) {
    case v1::LedgerTx::kEscrowLock:
      return tx.escrow_lock().job_id();
    case v1::LedgerTx::kEscrowRelease:
      return tx.escrow_release().job_id();
    case v1::LedgerTx::kBondPost:
      return tx.bond_post().job_id();
    case v1::LedgerTx::kBondWithdraw:
      return tx.bond_withdraw().job_id();
    case v1::LedgerTx::kSlash:
      return tx.slash().job_id();
    default:
      return {};
  }
}

namespace {
const char* release_kind_name(v1::ReleaseKind kind) {
  switch (kind) {
    case v1::RELEASE_EXECUTOR_PAYMENT:
      return "executor_payment";
    case v1::RELEASE_VALIDATOR_FEE:
      return "validator_fee";
    case v1::RELEASE_ARBITER_FEE:
      return "arbiter_fee";
    case v1::RELEASE_REFUND:
      return "refund";
    default:
      return "unspecified";
  }
}
}  // namespace

std::string tx_details(const v1::LedgerTx& tx) {
  switch (tx.body_case()) {
    case v1::LedgerTx::kMint:
      return "to " + tx.mint().to() +
             (tx.mint().memo().empty() ? "" : " (" + tx.mint().memo() + ")");
    case v1::LedgerTx::kRegenerate:
      return "account " + tx.regenerate().account() + ", period " +
             std::to_string(tx.regenerate().period_index());
    case v1::LedgerTx::kTransfer:
      return tx.transfer().from() + " -> " + tx.transfer().to();
    case v1::LedgerTx::kEscrowLock:
      return "payer " + tx.escrow_lock().payer();
    case v1::LedgerTx::kEscrowRelease: {
      std::string out = "payouts:";
      for (const auto& p : tx.escrow_release().payouts()) {
        out += " " + p.to() + "=" + std::to_string(p.amount()) + " (" +
               release_kind_name(p.kind()) + ")";
      }
      return out;
    }
    case v1::LedgerTx::kBondPost:
      return tx.bond_post().account() + " bonds as " + role_name(tx.bond_post().role());
    case v1::LedgerTx::kBondWithdraw:
      return tx.bond_withdraw().account() + " unbonds as " + role_name(tx.bond_withdraw().role());
    case v1::LedgerTx::kBondClaim:
      return "account " + tx.bond_claim().account();
    case v1::LedgerTx::kSlash: {
      const auto& s = tx.slash();
      std::string out = s.account() + " as " + role_name(s.role()) +
                        (s.disposition() == v1::SLASH_BURN ? ", burn" : ", redistribute");
      for (const auto& share : s.shares()) {
        out += " " + share.to() + "=" + std::to_string(share.amount());
      }
      if (!s.reason().empty()) out += " (" + s.reason() + ")";
      return out;
    }
    default:
      return "";
  }
}

}  // namespace icn::ledger
