#include "protocol/lifecycle/job_state.hpp"

namespace icn::lifecycle {

std::vector<validation::VoteRecord> JobState::vote_list() const {
  std::vector<validation::VoteRecord> list;
  list.reserve(vote_order.size());
  for (const auto& validator : vote_order) {
    auto it = votes.find(validator);
    if (it != votes.end()) list.push_back(it->second);
  }
  return list;
}

}  // namespace icn::lifecycle
