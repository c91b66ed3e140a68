#include "actors/roles/common.hpp"

#include <algorithm>

#include "protocol/core/content_id.hpp"

namespace icn::actors {

const char* to_string(Strategy s) {
  switch (s) {
    case Strategy::honest:
      return "honest";
    case Strategy::wrong_result:
      return "wrong_result";
    case Strategy::no_show:
      return "no_show";
    case Strategy::late_delivery:
      return "late_delivery";
    case Strategy::bid_spam:
      return "bid_spam";
    case Strategy::lazy:
      return "lazy";
    case Strategy::collude:
      return "collude";
    case Strategy::offline:
      return "offline";
    case Strategy::spam:
      return "spam";
    case Strategy::underfunded:
      return "underfunded";
  }
  return "unknown";
}

v1::Envelope Messenger::seal(v1::MessageType type, const google::protobuf::MessageLite& payload) {
  const UnixMs now = world_.now();
  last_sequence_ = std::max(last_sequence_ + 1, now * 1024);
  return icn::seal(world_.signer(), type, payload, last_sequence_, now + kEnvelopeTtlMs);
}

std::string correct_output_hash(const std::string& job_id) {
  return content_id(to_bytes("icnmesh/sim-output/v1\n" + job_id));
}

std::string wrong_output_hash(const std::string& job_id, const std::string& executor) {
  return content_id(to_bytes("icnmesh/sim-wrong-output/v1\n" + job_id + "\n" + executor));
}

DurationMs modelled_run_ms(const std::string& job_id, std::uint64_t max_wall_time_ms,
                           std::uint32_t speed_percent) {
  const std::uint64_t wall = max_wall_time_ms == 0 ? 1000 : max_wall_time_ms;
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a of the job id: fixed per job
  for (unsigned char c : job_id) h = (h ^ c) * 1099511628211ULL;
  const std::uint64_t percent = 20 + h % 41;  // 20..60
  const std::uint64_t speed = speed_percent == 0 ? 100 : speed_percent;
  return std::max<std::uint64_t>(1, wall * percent / speed);
}

}  // namespace icn::actors
