// The ledger role: the mesh's single ledger authority and job coordinator, as one actor made
// of three parts that each own their state -- LedgerAuthority (the mana ledger and its log),
// JobCoordinator (every job's machine and the messages it relays) and ReputationKeeper (the
// reputation book and its snapshots). This file only routes messages and timers to them.
#include "actors/messenger.hpp"
#include "actors/roles/ledger/job_coordinator.hpp"
#include "actors/roles/ledger/ledger_authority.hpp"
#include "actors/roles/ledger/reputation_keeper.hpp"
#include "actors/roles/roles.hpp"
#include "proto/ledger.pb.h"
#include "protocol/economics/params.hpp"

namespace icn::actors {
namespace {

constexpr std::uint8_t kFlushTimer = 3;
constexpr std::uint8_t kEpochTimer = 4;
static_assert(kFlushTimer != JobCoordinator::kDeadlineTimer &&
              kFlushTimer != JobCoordinator::kRetryTimer &&
              kEpochTimer != JobCoordinator::kDeadlineTimer &&
              kEpochTimer != JobCoordinator::kRetryTimer);

LedgerConfig with_default_params(LedgerConfig config) {
  config.params = economics::with_defaults(config.params);
  return config;
}

class LedgerRole : public RoleLogic {
 public:
  LedgerRole(World& world, LedgerConfig config)
      : RoleLogic(world),
        config_(with_default_params(std::move(config))),
        messenger_(world),
        authority_(world, config_.params),
        reputation_(world, messenger_, config_.params, config_.reputation_epoch_ms, kEpochTimer),
        jobs_(world, messenger_, authority_, reputation_, config_) {}

  void start() override {
    if (auto started = authority_.start(); !started) {
      // A broken log on our own disk: refuse to extend it (every message is ignored).
      world_.emit(events::LedgerError{"start", started.error().code, started.error().message});
      broken_ = true;
      return;
    }
    reputation_.start();
    jobs_.start();
  }

  void on_envelope(const std::string& from, const SharedEnvelope& env) override {
    if (broken_) return;
    switch (env->type()) {
      case v1::MSG_LEDGER_TX:
        on_ledger_tx(from, *env);
        break;
      case v1::MSG_JOB_SUBMISSION:
        jobs_.on_submission(from, *env);
        break;
      case v1::MSG_BID:
        jobs_.on_bid(from, env);
        break;
      case v1::MSG_ASSIGNMENT:
        jobs_.on_assignment(from, env);
        break;
      case v1::MSG_EXECUTION_RECEIPT:
        jobs_.on_receipt(from, env);
        break;
      case v1::MSG_VALIDATION_REVEAL:
        jobs_.on_reveal(from, *env);
        break;
      case v1::MSG_DISPUTE:
        jobs_.on_dispute(from, *env);
        break;
      case v1::MSG_VERDICT:
        jobs_.on_verdict(from, *env);
        break;
      default:
        world_.emit(events::MessageRejected{env->type(), "unexpected_type"});
        break;
    }
    drain_locks();
  }

  void on_timer(std::uint64_t tag) override {
    if (broken_) return;
    switch (tag_kind(tag)) {
      case kFlushTimer:
        authority_.flush_due();
        break;
      case kEpochTimer:
        reputation_.on_epoch();
        break;
      default:
        jobs_.on_timer(tag_kind(tag), tag_index(tag));
        break;
    }
    drain_locks();
  }

 private:
  void on_ledger_tx(const std::string& from, const v1::Envelope& env) {
    auto wire = messenger_.open_direct<v1::LedgerEntry>(from, env, v1::MSG_LEDGER_TX);
    if (!wire) return;
    auto due = authority_.enqueue(
        ledger::SignedTx{to_bytes(wire->tx_bytes()), to_bytes(wire->signature()), wire->scheme()});
    if (!due) {
      world_.emit(events::MessageRejected{v1::MSG_LEDGER_TX, "malformed_tx"});
      return;
    }
    const UnixMs now = world_.now();
    world_.set_timer(*due > now ? *due - now : 0, make_tag(kFlushTimer, 0));
  }

  /// Escrow locks applied while handling this message or timer reach their jobs only now,
  /// outside any job's own step.
  void drain_locks() {
    for (;;) {
      auto locks = authority_.take_lock_results();
      if (locks.empty()) return;
      jobs_.on_lock_results(std::move(locks));
    }
  }

  LedgerConfig config_;
  Messenger messenger_;
  LedgerAuthority authority_;
  ReputationKeeper reputation_;
  JobCoordinator jobs_;
  bool broken_ = false;
};

}  // namespace

std::unique_ptr<RoleLogic> make_ledger(World& world, LedgerConfig config) {
  return std::make_unique<LedgerRole>(world, std::move(config));
}

}  // namespace icn::actors
