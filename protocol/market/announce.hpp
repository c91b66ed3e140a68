#pragma once
// Who hears about a job: a deterministic sample of the executors, so that anyone can check
// that the coordinator announced a job to the executors it should have (docs/economics.md,
// "Announce sample and arbiter choice").
#include <cstddef>
#include <string>
#include <vector>

namespace icn::market {

/// The executors a job is announced to: the distinct executors ranked by
/// SHA-256("icnmesh/announce-sample/v1" ‖ len ‖ job_id ‖ len ‖ did) (ties by DID), the first
/// `fanout` of them (all when fanout >= n), in rank order.
std::vector<std::string> announce_sample(const std::string& job_id,
                                         const std::vector<std::string>& executors,
                                         std::size_t fanout);

}  // namespace icn::market
