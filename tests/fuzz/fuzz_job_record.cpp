// libFuzzer harness for the JobRecord codec (protocol/lifecycle/job_record.hpp): any bytes
// parsed as a v1::JobRecord must never crash from_record; an accepted record must round-trip
// exactly, and the job machine must step on it without crashing (step is total on every state
// from_record accepts).
#include <climits>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "proto/job_record.pb.h"
#include "protocol/lifecycle/job_machine.hpp"
#include "protocol/lifecycle/job_record.hpp"

namespace lc = icn::lifecycle;
namespace v1 = icnmesh::v1;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > static_cast<std::size_t>(INT_MAX)) return 0;
  v1::JobRecord record;
  if (!record.ParseFromArray(data, static_cast<int>(size))) return 0;
  const auto state = lc::from_record(record);
  if (!state) return 0;

  const auto again = lc::from_record(lc::to_record(*state));
  if (!again || *again != *state) __builtin_trap();  // an accepted record round-trips exactly

  const lc::JobTerms& t = state->terms;
  const std::string validator = state->assignment && !state->assignment->validators.empty()
                                    ? state->assignment->validators.front()
                                    : std::string();
  const std::string executor = state->assignment ? state->assignment->executor : std::string();
  v1::ExecutionReceipt receipt;
  receipt.set_job_id(t.job_id);
  receipt.set_executor(executor);
  receipt.set_status(v1::EXEC_TRAP);
  const lc::Event events[] = {
      lc::Tick{},
      lc::EscrowLocked{},
      lc::BidWindowClosed{},
      lc::ExecutionStarted{executor},
      lc::ReceiptReceived{executor, receipt},
      lc::VoteCommitted{validator},
      lc::VoteReceived{validator, v1::VOTE_ACCEPT,
                       state->receipt ? state->receipt->output_hash : std::string()},
      lc::DisputeOpened{t.submitter, v1::DISPUTE_WRONG_RESULT, "sha256:x"},
      lc::VerdictIssued{"did:arbiter", v1::OUTCOME_RESULT_CORRECT, "", {}},
      lc::Cancel{t.submitter},
  };
  for (const icn::UnixMs now : {icn::UnixMs{0}, t.execution_deadline, t.validation_deadline,
                                lc::final_deadline(t), ~icn::UnixMs{0}}) {
    for (const auto& event : events) {
      const lc::Transition next = lc::step(*state, event, now);
      (void)lc::next_deadline(next.state);
    }
  }
  return 0;
}
