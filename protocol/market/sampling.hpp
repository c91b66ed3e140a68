#pragma once
// Validator sampling: deterministic given a public seed, so anyone can re-check that the
// assignment's validators are the sampled ones (docs/economics.md, "Validator sampling").
#include <cstddef>
#include <string>
#include <vector>

#include "protocol/core/bytes.hpp"

namespace icn::market {

/// The sampling seed of a job: SHA-256("icnmesh/validator-seed/v1" || len(job_id) || job_id
/// || len(bid_digest) || bid_digest). Mixing in the accepted bid's digest means neither the
/// submitter (who picks the job id through its nonce) nor the executor alone can grind it.
Bytes validator_sample_seed(const std::string& job_id, const std::string& bid_digest);

/// Ranks the distinct candidates not in `exclude` by SHA-256("icnmesh/validator-sample/v1"
/// || len(seed) || seed || len(did) || did) (ties by DID) and returns the first k (fewer if
/// there are not enough candidates), in rank order.
std::vector<std::string> sample_validators(const std::vector<std::string>& candidates,
                                           std::size_t k, const std::vector<std::string>& exclude,
                                           ByteView seed);

}  // namespace icn::market
