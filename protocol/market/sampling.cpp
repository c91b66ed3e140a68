#include "protocol/market/sampling.hpp"

#include "protocol/core/hash_rank.hpp"
#include "protocol/crypto/sha256.hpp"

namespace icn::market {

namespace {
constexpr std::string_view kSeedDomain = "icnmesh/validator-seed/v1";
constexpr std::string_view kRankDomain = "icnmesh/validator-sample/v1";
}  // namespace

Bytes validator_sample_seed(const std::string& job_id, const std::string& bid_digest) {
  Bytes message = to_bytes(kSeedDomain);
  append_length_prefixed(message, std::string_view(job_id));
  append_length_prefixed(message, std::string_view(bid_digest));
  const Digest digest = sha256(message);
  return Bytes(digest.begin(), digest.end());
}

std::vector<std::string> sample_validators(const std::vector<std::string>& candidates,
                                           std::size_t k, const std::vector<std::string>& exclude,
                                           ByteView seed) {
  std::vector<std::string> sample = rank_by_hash(kRankDomain, seed, candidates, exclude);
  if (sample.size() > k) sample.resize(k);
  return sample;
}

}  // namespace icn::market
