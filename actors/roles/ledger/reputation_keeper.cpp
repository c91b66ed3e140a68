#include "actors/roles/ledger/reputation_keeper.hpp"

#include <cstdio>

#include "proto/market.pb.h"
#include "protocol/reputation/snapshot.hpp"

namespace icn::actors {

namespace {

constexpr const char* kPrefix = "reputation/";

std::string encode(const reputation::Score& s) {
  return std::to_string(s.ppm) + " " + std::to_string(s.as_of);
}

bool decode(const std::string& text, reputation::Score& out) {
  unsigned long long ppm = 0, as_of = 0;
  if (std::sscanf(text.c_str(), "%llu %llu", &ppm, &as_of) != 2 || ppm > reputation::kOne)
    return false;
  out.ppm = static_cast<std::uint32_t>(ppm);
  out.as_of = as_of;
  return true;
}

}  // namespace

ReputationKeeper::ReputationKeeper(World& world, Messenger& messenger,
                                   const v1::EconomicParams& params, DurationMs epoch_ms,
                                   std::uint8_t timer_kind)
    : world_(world),
      messenger_(messenger),
      params_(params),
      epoch_ms_(epoch_ms == 0 ? 10'000 : epoch_ms),
      timer_kind_(timer_kind) {}

void ReputationKeeper::start() {
  for (const auto& [key, value] : world_.storage().scan(kPrefix)) {
    reputation::Score score;
    if (decode(value, score)) book_.restore(key.substr(std::string(kPrefix).size()), score);
  }
}

void ReputationKeeper::record(const reputation::EstablishedOutcome& outcome) {
  const UnixMs now = world_.now();
  book_.record(outcome, now, params_);
  const auto& stored = book_.stored();
  for (const auto& effect : outcome.effects()) {
    auto it = stored.find(effect.did);
    if (it != stored.end()) world_.storage().put(kPrefix + effect.did, encode(it->second));
  }
  if (publish_armed_) return;
  publish_armed_ = true;
  const UnixMs next = (reputation::reputation_epoch(now, epoch_ms_) + 1) * epoch_ms_;
  world_.set_timer(next > now ? next - now : 0, make_tag(timer_kind_, 0));
}

void ReputationKeeper::on_epoch() {
  if (!publish_armed_) return;
  publish_armed_ = false;
  const UnixMs now = world_.now();
  const v1::ReputationSnapshot snapshot =
      reputation::make_snapshot(book_, reputation::reputation_epoch(now, epoch_ms_), now, params_);
  // One sealed envelope for every submitter: replay guards are per receiver.
  const SharedEnvelope env = messenger_.seal(v1::MSG_REPUTATION_SNAPSHOT, snapshot);
  for (const auto& submitter : world_.directory().members(Role::submitter))
    world_.send(submitter, env);
  world_.emit(events::ReputationPublished{snapshot.epoch(),
                                          static_cast<std::uint64_t>(snapshot.entries_size())});
}

}  // namespace icn::actors
