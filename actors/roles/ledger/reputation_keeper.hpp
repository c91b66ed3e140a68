#pragma once
// The mesh's reputation book, kept by the ledger role: changed only by outcomes that
// validators or an arbiter established (settlement::reputation_outcome), stored in the node's
// storage, and published to submitters as a ledger-signed snapshot once per epoch in which it
// changed -- reputation reaches other roles only in signed messages.
#include <cstdint>
#include <string>

#include "actors/messenger.hpp"
#include "proto/economics.pb.h"
#include "protocol/reputation/reputation.hpp"

namespace icn::actors {

class ReputationKeeper {
 public:
  ReputationKeeper(World& world, Messenger& messenger, const v1::EconomicParams& params,
                   DurationMs epoch_ms, std::uint8_t timer_kind);

  /// Restores the book from storage.
  void start();
  /// Applies an established outcome and schedules a snapshot for the end of this epoch.
  void record(const reputation::EstablishedOutcome& outcome);
  /// The epoch timer fired: publish the snapshot.
  void on_epoch();

 private:
  World& world_;
  Messenger& messenger_;
  v1::EconomicParams params_;
  DurationMs epoch_ms_;
  std::uint8_t timer_kind_;
  reputation::ReputationBook book_;
  bool publish_armed_ = false;
};

}  // namespace icn::actors
