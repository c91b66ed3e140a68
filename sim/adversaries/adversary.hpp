#pragma once
// An adversary wraps an honest role from outside: to the honest role it is the World (so it
// can change what the role sends or is told by its world), and to the real world it is the
// role (so it sees everything that arrives first). Honest role code therefore has no
// `if (strategy == ...)`: each strategy is one small class here that changes one thing.
#include <memory>
#include <set>
#include <string>

#include "actors/messenger.hpp"
#include "actors/role.hpp"
#include "actors/roles/roles.hpp"
#include "proto/scenario.pb.h"

namespace icn::sim {

namespace v1 = icnmesh::v1;

class Adversary : public actors::RoleLogic, public actors::World {
 public:
  explicit Adversary(actors::World& real) : RoleLogic(real), messenger_(real) {}
  /// The honest role this adversary wraps (built with *this as its world).
  void wrap(std::unique_ptr<actors::RoleLogic> inner) { inner_ = std::move(inner); }

  // ---- as the role the real world sees: forwards to the honest role by default ----
  void start() override { inner_->start(); }
  void on_envelope(const std::string& from, const actors::SharedEnvelope& env) override {
    inner_->on_envelope(from, env);
  }
  void on_timer(std::uint64_t tag) override {
    if (actors::tag_kind(tag) == kOwnTimer)
      on_own_timer(actors::tag_index(tag));
    else
      inner_->on_timer(tag);
  }
  void on_executed(std::uint64_t ticket, const actors::ExecutionResult& result) override {
    inner_->on_executed(ticket, result);
  }

  // ---- as the world the honest role sees: forwards to the real world by default ----
  UnixMs now() const override { return world_.now(); }
  actors::RandomStream& random() override { return world_.random(); }
  const Signer& signer() const override { return world_.signer(); }
  const Verifier& verifier() const override { return world_.verifier(); }
  actors::Storage& storage() override { return world_.storage(); }
  const actors::Directory& directory() const override { return world_.directory(); }
  std::uint64_t next_sequence() override { return world_.next_sequence(); }
  void send(const std::string& to, actors::SharedEnvelope envelope) override {
    world_.send(to, std::move(envelope));
  }
  void set_timer(DurationMs delay, std::uint64_t tag) override { world_.set_timer(delay, tag); }
  void execute(std::uint64_t ticket, actors::ExecutionOrder order) override {
    world_.execute(ticket, std::move(order));
  }
  void emit(const actors::Event& event) override { world_.emit(event); }

 protected:
  /// Timer tags of this kind belong to the adversary, not to the wrapped role.
  static constexpr std::uint8_t kOwnTimer = 0xAD;
  virtual void on_own_timer(std::uint64_t index) { (void)index; }
  void set_own_timer(DurationMs delay, std::uint64_t index) {
    world_.set_timer(delay, actors::make_tag(kOwnTimer, index));
  }
  actors::RoleLogic& inner() { return *inner_; }
  actors::World& real() { return world_; }
  /// Signs with the node's own identity (the adversary is that node).
  actors::Messenger messenger_;

 private:
  std::unique_ptr<actors::RoleLogic> inner_;
};

/// What a strategy needs beyond the honest role's own configuration.
struct AdversaryOptions {
  v1::EconomicParams params;
  actors::ExecutorConfig executor;  // bid spam: what the node offers
  DurationMs late_by_ms = 0;        // late delivery
  std::set<std::string> partners;   // collude: executors whose receipts it approves blindly
};

/// The adversary for `strategy` around `real`, or nullptr when the strategy changes no
/// behaviour of its role (honest; spam and underfunded submitters differ only in workload
/// and balance, which the population sets).
std::unique_ptr<Adversary> make_adversary(v1::Strategy strategy, actors::World& real,
                                          AdversaryOptions options);

/// The output a cheating executor reports instead of `output`: one byte changed where it
/// matters to every comparison rule -- the exponent of the first little-endian double (a
/// tolerance comparison cannot absorb it) -- or a byte appended to an empty output.
std::string corrupted_output(std::string output);

}  // namespace icn::sim
