#include "protocol/market/announce.hpp"

#include <string_view>

#include "protocol/core/hash_rank.hpp"

namespace icn::market {

namespace {
constexpr std::string_view kAnnounceDomain = "icnmesh/announce-sample/v1";
}  // namespace

std::vector<std::string> announce_sample(const std::string& job_id,
                                         const std::vector<std::string>& executors,
                                         std::size_t fanout) {
  std::vector<std::string> sample =
      rank_by_hash(kAnnounceDomain, std::string_view(job_id), executors);
  if (sample.size() > fanout) sample.resize(fanout);
  return sample;
}

}  // namespace icn::market
