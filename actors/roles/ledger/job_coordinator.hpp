#pragma once
// The job coordinator: drives every job through lifecycle::step (the one job state machine),
// relays the signed messages the machine's effects call for (announcement, bids, assignment,
// validation and arbitration requests, settlement notice), and turns its money effects into
// ledger transactions with settlement::plan_settlement. Part of the ledger role. Each open job
// is kept in the node's storage after every change, so a restarted ledger node carries on;
// a settled job leaves a compact record.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "actors/messenger.hpp"
#include "actors/roles/ledger/ledger_authority.hpp"
#include "actors/roles/ledger/reputation_keeper.hpp"
#include "actors/roles/roles.hpp"
#include "proto/market.pb.h"
#include "protocol/lifecycle/job_machine.hpp"

namespace icn::actors {

class JobCoordinator {
 public:
  /// Timer kinds this class owns (the ledger role routes them here).
  static constexpr std::uint8_t kDeadlineTimer = 1;
  static constexpr std::uint8_t kRetryTimer = 2;

  JobCoordinator(World& world, Messenger& messenger, LedgerAuthority& authority,
                 ReputationKeeper& reputation, const LedgerConfig& config);

  /// Restores the open jobs from storage and re-arms their timers.
  void start();

  void on_submission(const std::string& from, const v1::Envelope& env);
  void on_bid(const std::string& from, const SharedEnvelope& env);
  void on_assignment(const std::string& from, const SharedEnvelope& env);
  void on_receipt(const std::string& from, const SharedEnvelope& env);
  void on_reveal(const std::string& from, const v1::Envelope& env);
  void on_dispute(const std::string& from, const v1::Envelope& env);
  void on_verdict(const std::string& from, const v1::Envelope& env);
  void on_timer(std::uint8_t kind, std::uint64_t index);
  /// Escrow locks the authority applied (or refused) since the last call.
  void on_lock_results(std::vector<LockResult> results);

 private:
  struct Job {
    std::uint64_t index = 0;
    std::string id;
    v1::JobSpec spec;
    lifecycle::JobState state;
    std::map<std::string, SharedEnvelope> bids;  // executor -> its signed bid
    SharedEnvelope assignment_env;               // the submitter's, once accepted
    v1::Assignment assignment;
    SharedEnvelope receipt_env;  // the executor's, once accepted
    std::string arbiter;
    bool verdict_received = false;
    UnixMs deadline_armed = 0;  // the earliest deadline a timer is pending for (0: none)
    bool retry_armed = false;
  };

  Job* find(const std::string& job_id);
  /// Feeds one event; true when the machine accepted it. Carries out the effects, saves the
  /// job, and settles (erases) it when the step settled it.
  bool feed(Job& job, const lifecycle::Event& event);
  void carry_out(Job& job, const std::vector<lifecycle::Effect>& effects);
  void settle(Job& job, const std::vector<lifecycle::Effect>& effects);
  void resolve_lock(Job& job);
  void schedule(Job& job);
  void retransmit(Job& job);
  bool needs_retransmission(const Job& job) const;
  std::vector<std::string> silent_validators(const Job& job) const;

  void announce(const Job& job);
  void request_validation(const Job& job, const std::vector<std::string>& validators);
  void request_arbitration(Job& job);
  v1::JobAnnouncement announcement(const Job& job) const;
  SharedEnvelope reexecution_request(const Job& job, v1::MessageType type, UnixMs deadline);

  void save(const Job& job);
  bool settled_before(const std::string& job_id) const;
  DurationMs retry_ms() const { return config_.retry_ms == 0 ? 500 : config_.retry_ms; }

  World& world_;
  Messenger& messenger_;
  LedgerAuthority& authority_;
  ReputationKeeper& reputation_;
  const LedgerConfig& config_;
  std::uint64_t jobs_made_ = 0;
  std::map<std::uint64_t, Job> jobs_;
  std::map<std::string, std::uint64_t> by_id_;
  /// Escrow locks the ledger refused before the job's submission arrived.
  std::map<std::string, std::string> lock_failures_;
};

}  // namespace icn::actors
