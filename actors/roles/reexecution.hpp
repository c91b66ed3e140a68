#pragma once
// What validators and arbiters share: opening a re-execution request from the ledger (the
// spec, and the executor's own signed receipt inside), and remembering what is running.
#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include "actors/messenger.hpp"
#include "actors/role.hpp"
#include "proto/execution.pb.h"
#include "proto/validation.pb.h"
#include "protocol/core/error.hpp"
#include "protocol/validation/compare.hpp"

namespace icn::actors {

/// A request whose receipt checked out: the job to run and the receipt to judge.
struct OpenedRequest {
  std::string job_id;
  v1::JobSpec spec;
  v1::ExecutionReceipt receipt;
  UnixMs deadline = 0;
};

/// Opens `env` (a ledger-signed MSG_VALIDATION_REQUEST or MSG_ARBITRATION_REQUEST sent by
/// `from`): the request itself, then the executor's receipt inside with its own signature,
/// and checks that the spec is the receipt's job (its content id). Errors say which check.
Expected<OpenedRequest> open_request(Messenger& messenger, const std::string& from,
                                     const v1::Envelope& env, v1::MessageType type);

/// What a run of ours produced, as validation::outputs_agree reads it (the receipt's side is
/// validation::view_of).
validation::ExecutionView view_of(const ExecutionResult& result);

/// Judgements already made or in progress, forgotten some time after their deadline.
template <class Answer>
class JudgementBook {
 public:
  static constexpr DurationMs kKeepMs = 10 * 60 * 1000;

  const Answer* answered(const std::string& job_id) const {
    auto it = answers_.find(job_id);
    return it == answers_.end() ? nullptr : &it->second;
  }
  bool running(const std::string& job_id) const { return running_.count(job_id) != 0; }
  std::uint64_t start(OpenedRequest request) {
    const std::uint64_t ticket = ++made_;
    running_[request.job_id] = ticket;
    expiry_.emplace_back(request.deadline, request.job_id);
    requests_[ticket] = std::move(request);
    return ticket;
  }
  /// The request a finished run belongs to (moved out), or nullptr-like empty optional.
  std::optional<OpenedRequest> finish(std::uint64_t ticket) {
    auto it = requests_.find(ticket);
    if (it == requests_.end()) return std::nullopt;
    OpenedRequest r = std::move(it->second);
    requests_.erase(it);
    running_.erase(r.job_id);
    return r;
  }
  void answer(const std::string& job_id, Answer a) { answers_[job_id] = std::move(a); }
  void prune(UnixMs now) {
    while (!expiry_.empty() && expiry_.front().first + kKeepMs < now) {
      answers_.erase(expiry_.front().second);
      expiry_.pop_front();
    }
  }

 private:
  std::map<std::string, Answer> answers_;
  std::map<std::string, std::uint64_t> running_;
  std::map<std::uint64_t, OpenedRequest> requests_;
  std::deque<std::pair<UnixMs, std::string>> expiry_;
  std::uint64_t made_ = 0;
};

/// What a validator and an arbiter have in common: they answer re-execution requests of one
/// type from the ledger, run the job once (a repeated request gets the same answer again),
/// and judge the receipt by validation::outputs_agree. A receipt that is not about the job's
/// code and inputs is judged wrong without running anything.
template <class Answer>
class Reexecutor : public RoleLogic {
 public:
  Reexecutor(World& world, v1::MessageType request_type)
      : RoleLogic(world), messenger_(world), request_type_(request_type) {}

  void on_envelope(const std::string& from, const SharedEnvelope& env) override {
    if (from != world_.directory().ledger() || env->type() != request_type_) return;
    book_.prune(world_.now());
    auto request = open_request(messenger_, from, *env, request_type_);
    if (!request) return;
    if (const Answer* answer = book_.answered(request->job_id)) {  // ours was lost: again
      send(*answer);
      return;
    }
    if (book_.running(request->job_id)) return;
    if (auto matches = validation::receipt_matches_job(request->spec, request->receipt); !matches) {
      answer(*request, judge(*request, false, "", matches.error().message));
      return;
    }
    const std::string job_id = request->job_id;
    v1::JobSpec spec = request->spec;
    const std::uint64_t ticket = book_.start(std::move(*request));
    world_.execute(ticket, ExecutionOrder{job_id, std::move(spec)});
  }

  void on_timer(std::uint64_t) override {}

  void on_executed(std::uint64_t ticket, const ExecutionResult& result) override {
    auto request = book_.finish(ticket);
    if (!request) return;
    world_.emit(events::Executed{request->job_id, result.status, result.engine});
    const bool agree = validation::outputs_agree(
        request->spec, validation::view_of(request->receipt), view_of(result));
    answer(*request, judge(*request, agree, result.output_hash,
                           agree ? "re-execution agrees with the receipt"
                                 : "re-execution disagrees with the receipt"));
  }

 protected:
  /// The answer to `request`: the receipt agrees with our run or not (`why` says why);
  /// `output_hash` is what we computed ("" when nothing ran).
  virtual Answer judge(const OpenedRequest& request, bool agree, const std::string& output_hash,
                       const std::string& why) = 0;
  /// Sends an answer to the ledger (sealed afresh each time).
  virtual void send(const Answer& answer) = 0;
  /// What else follows from the answer, once (a rejecting validator disputes).
  virtual void after(const OpenedRequest& request, const Answer& answer) {
    (void)request;
    (void)answer;
  }

  Messenger messenger_;

 private:
  void answer(const OpenedRequest& request, Answer a) {
    book_.answer(request.job_id, a);
    send(a);
    after(request, a);
  }

  v1::MessageType request_type_;
  JudgementBook<Answer> book_;
};

}  // namespace icn::actors
