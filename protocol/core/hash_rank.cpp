#include "protocol/core/hash_rank.hpp"

#include <algorithm>
#include <utility>

#include "protocol/crypto/sha256.hpp"

namespace icn {

std::vector<std::string> rank_by_hash(std::string_view domain, ByteView key,
                                      const std::vector<std::string>& dids,
                                      const std::vector<std::string>& exclude) {
  std::vector<std::string> pool = dids;
  std::sort(pool.begin(), pool.end());
  pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
  std::vector<std::pair<Digest, std::string>> ranked;
  ranked.reserve(pool.size());
  for (auto& did : pool) {
    if (did.empty() || std::find(exclude.begin(), exclude.end(), did) != exclude.end()) continue;
    Bytes message = to_bytes(domain);
    append_length_prefixed(message, key);
    append_length_prefixed(message, std::string_view(did));
    ranked.emplace_back(sha256(message), std::move(did));
  }
  std::sort(ranked.begin(), ranked.end());  // by digest, then DID
  std::vector<std::string> out;
  out.reserve(ranked.size());
  for (auto& entry : ranked) out.push_back(std::move(entry.second));
  return out;
}

}  // namespace icn
