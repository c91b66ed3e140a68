#include "protocol/validation/arbiter_choice.hpp"

#include <string_view>

#include "protocol/core/hash_rank.hpp"

namespace icn::validation {

namespace {
constexpr std::string_view kArbiterDomain = "icnmesh/arbiter-choice/v1";
}  // namespace

std::optional<std::string> choose_arbiter(const std::string& job_id,
                                          const std::vector<std::string>& arbiters,
                                          const std::vector<std::string>& exclude) {
  std::vector<std::string> ranked =
      rank_by_hash(kArbiterDomain, std::string_view(job_id), arbiters, exclude);
  if (ranked.empty()) return std::nullopt;
  return std::move(ranked.front());
}

}  // namespace icn::validation
