// Validator: re-executes a receipt's job (modelled) and reveals its vote to the ledger; an
// honest validator that finds the receipt wrong also opens a dispute, so that a colluding or
// lazy majority cannot bury a wrong result.
#include <map>

#include "actors/roles/roles.hpp"
#include "proto/execution.pb.h"
#include "proto/validation.pb.h"

namespace icn::actors {
namespace {

enum : std::uint8_t { kVote = 1 };

class Validator : public RoleLogic {
 public:
  Validator(World& world, ValidatorConfig config)
      : RoleLogic(world), cfg_(std::move(config)), messenger_(world) {}

  void on_restart(bool state_kept) override {
    pending_.clear();
    if (!state_kept) {
      votes_.clear();
      messenger_.forget_peers();
    }
  }

  void on_envelope(const std::string& from, const v1::Envelope& env) override {
    if (from != ledger_did(world_) || env.type() != v1::MSG_EXECUTION_RECEIPT) return;
    if (cfg_.strategy == Strategy::offline) return;
    auto r = messenger_.open_forwarded<v1::ExecutionReceipt>(env, v1::MSG_EXECUTION_RECEIPT);
    if (!r || r->executor() != env.signer()) return;
    auto voted = votes_.find(r->job_id());
    if (voted != votes_.end()) {  // the ledger asks again: our vote was lost
      send_vote(voted->second);
      return;
    }
    for (const auto& [i, p] : pending_)
      if (p.job_id() == r->job_id()) return;  // still re-executing
    const bool blind = cfg_.strategy == Strategy::lazy ||
                       (cfg_.strategy == Strategy::collude && cfg_.partners.count(r->executor()));
    v1::ValidationReveal reveal;
    reveal.set_job_id(r->job_id());
    reveal.set_validator(world_.signer().did());
    if (blind) {
      reveal.set_vote(v1::VOTE_ACCEPT);
      reveal.set_output_hash(r->output_hash());
      votes_[r->job_id()] = reveal;
      send_vote(reveal);
      return;
    }
    const std::string correct = correct_output_hash(r->job_id());
    const bool same = r->output_hash() == correct && r->status() == v1::EXEC_OK;
    reveal.set_vote(same ? v1::VOTE_ACCEPT : v1::VOTE_REJECT);
    reveal.set_output_hash(correct);
    const DurationMs work = std::max<DurationMs>(
        1, r->metering().wall_ms() * 100 / (cfg_.speed_percent == 0 ? 100 : cfg_.speed_percent));
    const std::uint64_t index = ++count_;
    pending_[index] = reveal;
    world_.set_timer(work, make_tag(kVote, index));
  }

  void on_timer(std::uint64_t tag) override {
    auto it = pending_.find(tag_index(tag));
    if (tag_kind(tag) != kVote || it == pending_.end()) return;
    v1::ValidationReveal reveal = std::move(it->second);
    pending_.erase(it);
    votes_[reveal.job_id()] = reveal;
    send_vote(reveal);
    if (reveal.vote() == v1::VOTE_REJECT) {
      v1::Dispute d;
      d.set_job_id(reveal.job_id());
      d.set_opener(world_.signer().did());
      d.set_reason(v1::DISPUTE_WRONG_RESULT);
      d.set_claimed_output_hash(reveal.output_hash());
      d.set_opened_at_unix_ms(world_.now());
      messenger_.send(ledger_did(world_), v1::MSG_DISPUTE, d);
      world_.report("dispute_opened", reveal.job_id(), 0);
    }
  }

 private:
  void send_vote(const v1::ValidationReveal& reveal) {
    messenger_.send(ledger_did(world_), v1::MSG_VALIDATION_REVEAL, reveal);
  }

  ValidatorConfig cfg_;
  Messenger messenger_;
  std::map<std::uint64_t, v1::ValidationReveal> pending_;
  std::map<std::string, v1::ValidationReveal> votes_;
  std::uint64_t count_ = 0;
};

// Arbiter: re-executes a disputed job (modelled, always honestly) and issues the verdict.
class Arbiter : public RoleLogic {
 public:
  explicit Arbiter(World& world) : RoleLogic(world), messenger_(world) {}

  void on_envelope(const std::string& from, const v1::Envelope& env) override {
    if (from != ledger_did(world_) || env.type() != v1::MSG_EXECUTION_RECEIPT) return;
    // The ledger sends the disputed receipt; the dispute itself is on the ledger's record.
    auto r = messenger_.open_forwarded<v1::ExecutionReceipt>(env, v1::MSG_EXECUTION_RECEIPT);
    if (!r || r->executor() != env.signer()) return;
    const std::string correct = correct_output_hash(r->job_id());
    v1::Verdict v;
    v.set_job_id(r->job_id());
    v.set_arbiter(world_.signer().did());
    const bool right = r->output_hash() == correct && r->status() == v1::EXEC_OK;
    v.set_outcome(right ? v1::OUTCOME_RESULT_CORRECT : v1::OUTCOME_RESULT_WRONG);
    v.set_correct_output_hash(correct);
    v.set_rationale(right ? "re-execution matches the receipt"
                          : "re-execution gives another output hash");
    if (!right) v.add_faulty(r->executor());
    v.set_decided_at_unix_ms(world_.now());
    messenger_.send(ledger_did(world_), v1::MSG_VERDICT, v);
  }
  void on_timer(std::uint64_t) override {}

 private:
  Messenger messenger_;
};

}  // namespace

std::unique_ptr<RoleLogic> make_validator(World& world, ValidatorConfig config) {
  return std::make_unique<Validator>(world, std::move(config));
}
std::unique_ptr<RoleLogic> make_arbiter(World& world) {
  return std::make_unique<Arbiter>(world);
}

}  // namespace icn::actors
