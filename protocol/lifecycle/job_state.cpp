#include "protocol/lifecycle/job_state.hpp"

#include <google/protobuf/util/message_differencer.h>

namespace icn::lifecycle {

ReceiptInfo receipt_info(const v1::ExecutionReceipt& receipt) {
  ReceiptInfo info;
  info.output_hash = receipt.output_hash();
  info.status = receipt.status();
  info.executor = receipt.executor();
  info.code_hash = receipt.code_hash();
  info.input_hash = receipt.input_hash();
  info.output = receipt.output();
  return info;
}

bool receipt_pays_executor(const ReceiptInfo& receipt) {
  return receipt.status == v1::EXEC_OK;
}

std::vector<validation::VoteRecord> JobState::vote_list() const {
  std::vector<validation::VoteRecord> list;
  list.reserve(vote_order.size());
  for (const auto& validator : vote_order) {
    auto it = votes.find(validator);
    if (it != votes.end()) list.push_back(it->second);
  }
  return list;
}

namespace {
bool same_bids(const std::map<std::string, v1::Bid>& a, const std::map<std::string, v1::Bid>& b) {
  if (a.size() != b.size()) return false;
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    if (ia->first != ib->first) return false;
    if (!google::protobuf::util::MessageDifferencer::Equals(ia->second, ib->second)) return false;
  }
  return true;
}
}  // namespace

bool JobState::operator==(const JobState& o) const {
  return phase == o.phase && outcome == o.outcome && resolution == o.resolution &&
         terms == o.terms && escrow_locked == o.escrow_locked &&
         bid_window_closed == o.bid_window_closed && same_bids(bids, o.bids) &&
         assignment == o.assignment && execution_started == o.execution_started &&
         receipt == o.receipt && committed == o.committed && votes == o.votes &&
         vote_order == o.vote_order && equivocators == o.equivocators && decision == o.decision &&
         decided == o.decided && dispute == o.dispute && verdict == o.verdict &&
         emitted == o.emitted;
}

}  // namespace icn::lifecycle
