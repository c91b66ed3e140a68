#include "sim/genesis.hpp"

#include <stdexcept>

#include "protocol/ledger/ledger.hpp"
#include "protocol/ledger/signed_tx.hpp"

namespace icn::sim {

std::vector<v1::LedgerEntry> genesis_entries(const Population& population,
                                             const v1::EconomicParams& params,
                                             UnixMs start_unix_ms) {
  const NodeSpec& authority = population.node(0);
  ledger::Ledger ledger(ledger::Genesis{authority.did}, params);
  auto apply = [&](v1::LedgerTx tx, const Signer& signer, const NodeSpec& node) {
    tx.set_timestamp_unix_ms(start_unix_ms);
    auto r = ledger.submit(ledger::sign_tx(tx, signer), population.verifier(), start_unix_ms);
    if (!r) throw std::runtime_error("genesis of " + node.name + ": " + r.error().message);
  };
  std::uint64_t nonce = 0;
  for (const NodeSpec& node : population.nodes()) {
    if (!node.group_spec) continue;
    const std::uint64_t amount = node.group_spec->balance() + node.group_spec->bond();
    if (amount == 0) continue;
    v1::LedgerTx tx;
    tx.set_authorizer(authority.did);
    tx.set_nonce(++nonce);
    tx.mutable_mint()->set_to(node.did);
    tx.mutable_mint()->set_amount(amount);
    tx.mutable_mint()->set_memo("genesis " + node.name);
    apply(tx, population.signer(0), node);
  }
  for (const NodeSpec& node : population.nodes()) {
    if (!node.group_spec || node.group_spec->bond() == 0) continue;
    v1::BondRole role = v1::BOND_ROLE_UNSPECIFIED;
    if (node.role == actors::Role::executor) role = v1::BOND_EXECUTOR;
    if (node.role == actors::Role::validator) role = v1::BOND_VALIDATOR;
    if (node.role == actors::Role::arbiter) role = v1::BOND_ARBITER;
    if (role == v1::BOND_ROLE_UNSPECIFIED) continue;
    v1::LedgerTx tx;
    tx.set_authorizer(node.did);
    tx.set_nonce(1);
    tx.mutable_bond_post()->set_account(node.did);
    tx.mutable_bond_post()->set_role(role);
    tx.mutable_bond_post()->set_amount(node.group_spec->bond());
    apply(tx, population.signer(node.index), node);
  }
  return ledger.log().entries();
}

}  // namespace icn::sim
