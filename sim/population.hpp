#pragma once
// Who is in a simulated mesh: one node per member of every population group plus the ledger,
// each with its name ("<group>-<i>", "ledger"), identity (seeded from the scenario seed and
// the name), role and strategy, and the directory every node reads.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/world.hpp"
#include "proto/scenario.pb.h"
#include "protocol/crypto/sim_mac.hpp"
#include "protocol/crypto/verifier.hpp"

namespace icn::sim {

namespace v1 = icnmesh::v1;

struct NodeSpec {
  std::uint32_t index = 0;
  std::string name;   // "<group>-<i>" or "ledger"
  std::string group;  // "ledger" for the ledger
  std::string did;
  actors::Role role = actors::Role::ledger;
  v1::Strategy strategy = v1::STRATEGY_HONEST;
  const v1::Group* group_spec = nullptr;  // null for the ledger
};

class SimDirectory : public actors::Directory {
 public:
  const std::vector<std::string>& members(actors::Role role) const override {
    return members_[static_cast<std::size_t>(role)];
  }
  void add(actors::Role role, const std::string& did) {
    members_[static_cast<std::size_t>(role)].push_back(did);
  }
  void sort();

 private:
  std::vector<std::string> members_[actors::kRoleCount];
};

class Population {
 public:
  /// Builds every node of `scenario` (the ledger is node 0). Signers use sim-mac unless the
  /// scenario asks for Ed25519.
  Population(const v1::Scenario& scenario, std::uint64_t seed);

  const std::vector<NodeSpec>& nodes() const { return nodes_; }
  const NodeSpec& node(std::uint32_t i) const { return nodes_[i]; }
  std::size_t size() const { return nodes_.size(); }
  /// The node's signer, for genesis (before it is handed to the node's world).
  const Signer& signer(std::uint32_t i) const { return *signers_[i]; }
  /// The node's signer, handed to its world once.
  std::unique_ptr<Signer> take_signer(std::uint32_t i) { return std::move(signers_[i]); }
  const Verifier& verifier() const { return *verifier_; }
  const SimDirectory& directory() const { return directory_; }

  std::optional<std::uint32_t> index_of(const std::string& did) const;
  /// The node name of `did` (the DID itself for strangers).
  const std::string& name_of(const std::string& did) const;
  bool honest(const std::string& did) const;
  v1::Strategy strategy_of(const std::string& did) const;

 private:
  std::vector<NodeSpec> nodes_;
  std::vector<std::unique_ptr<Signer>> signers_;
  SimKeyRegistry keys_;
  std::unique_ptr<Verifier> verifier_;
  SimDirectory directory_;
  std::map<std::string, std::uint32_t> index_of_;
};

/// The role a scenario group plays.
actors::Role role_of(v1::SimRole role);

}  // namespace icn::sim
