#include "sim/population.hpp"

#include <algorithm>

#include "protocol/crypto/ed25519.hpp"
#include "protocol/crypto/sha256.hpp"

namespace icn::sim {

namespace {

Ed25519Seed identity_seed(std::uint64_t seed, const std::string& name) {
  Bytes material = to_bytes("icnmesh/sim-identity/v1\n");
  append_u64_be(material, seed);
  material.insert(material.end(), name.begin(), name.end());
  const Digest d = sha256(material);
  Ed25519Seed out{};
  std::copy(d.begin(), d.end(), out.begin());
  return out;
}

}  // namespace

actors::Role role_of(v1::SimRole role) {
  switch (role) {
    case v1::SIM_SUBMITTER:
      return actors::Role::submitter;
    case v1::SIM_EXECUTOR:
      return actors::Role::executor;
    case v1::SIM_VALIDATOR:
      return actors::Role::validator;
    case v1::SIM_ARBITER:
      return actors::Role::arbiter;
    default:
      return actors::Role::ledger;
  }
}

void SimDirectory::sort() {
  for (auto& m : members_) std::sort(m.begin(), m.end());
}

Population::Population(const v1::Scenario& scenario, std::uint64_t seed) {
  nodes_.push_back(
      NodeSpec{0, "ledger", "ledger", "", actors::Role::ledger, v1::STRATEGY_HONEST, nullptr});
  for (const auto& g : scenario.population()) {
    for (std::uint32_t i = 0; i < g.count(); ++i) {
      nodes_.push_back(NodeSpec{static_cast<std::uint32_t>(nodes_.size()),
                                g.name() + "-" + std::to_string(i), g.name(), "", role_of(g.role()),
                                g.strategy(), &g});
    }
  }
  const bool ed25519 = scenario.signing() == v1::SIGNING_ED25519;
  for (NodeSpec& node : nodes_) {
    const Ed25519Seed id = identity_seed(seed, node.name);
    std::unique_ptr<Signer> signer;
    if (ed25519)
      signer = std::make_unique<Ed25519Signer>(id);
    else
      signer = std::make_unique<SimMacSigner>(keys_.enroll(id));
    node.did = signer->did();
    signers_.push_back(std::move(signer));
    index_of_[node.did] = node.index;
    directory_.add(node.role, node.did);
  }
  directory_.sort();
  verifier_ = std::make_unique<SchemeVerifier>(&keys_);
}

std::optional<std::uint32_t> Population::index_of(const std::string& did) const {
  auto it = index_of_.find(did);
  if (it == index_of_.end()) return std::nullopt;
  return it->second;
}

const std::string& Population::name_of(const std::string& did) const {
  auto it = index_of_.find(did);
  return it == index_of_.end() ? did : nodes_[it->second].name;
}

bool Population::honest(const std::string& did) const {
  return strategy_of(did) == v1::STRATEGY_HONEST;
}

v1::Strategy Population::strategy_of(const std::string& did) const {
  auto it = index_of_.find(did);
  return it == index_of_.end() ? v1::STRATEGY_HONEST : nodes_[it->second].strategy;
}

}  // namespace icn::sim
