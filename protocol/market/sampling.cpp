#include "protocol/market/sampling.hpp"

#include <algorithm>
#include <utility>

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
  std::vector<std::string> pool = candidates;
  std::sort(pool.begin(), pool.end());
  pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
  std::vector<std::pair<Digest, std::string>> ranked;
  ranked.reserve(pool.size());
  for (auto& did : pool) {
    if (did.empty() || std::find(exclude.begin(), exclude.end(), did) != exclude.end()) continue;
    Bytes message = to_bytes(kRankDomain);
    append_length_prefixed(message, seed);
    append_length_prefixed(message, std::string_view(did));
    ranked.emplace_back(sha256(message), std::move(did));
  }
  std::sort(ranked.begin(), ranked.end());  // by digest, then DID
  std::vector<std::string> sample;
  for (std::size_t i = 0; i < ranked.size() && i < k; ++i) sample.push_back(ranked[i].second);
  return sample;
}

}  // namespace icn::market
