#pragma once
// What validators and arbiters share: opening a re-execution request from the ledger (the
// spec, and the executor's own signed receipt inside), and remembering what is running.
#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include "actors/messenger.hpp"
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

}  // namespace icn::actors
