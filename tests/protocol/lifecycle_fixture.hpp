#pragma once
// Shared helpers for the lifecycle tests: a standard job, bids, receipts, and a driver that
// applies events and collects every emitted effect.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "protocol/lifecycle/job_machine.hpp"

namespace lc = icn::lifecycle;
namespace v1 = icnmesh::v1;

namespace lifecycle_test {

inline const std::string kJob = "sha256:" + std::string(64, 'a');
inline const std::string kSubmitter = "did:key:submitter";
inline const std::string kExecutor = "did:key:executor";
inline const std::string kOther = "did:key:other-executor";
inline const std::vector<std::string> kValidators = {"did:key:v1", "did:key:v2", "did:key:v3"};
inline const std::string kArbiter = "did:key:arbiter";
inline const std::string kGood = "sha256:" + std::string(64, 'b');
inline const std::string kBad = "sha256:" + std::string(64, 'c');

// Submitted at 1000: bid deadline 1100, execution deadline 2000, validation deadline 3000,
// dispute window end 3500, arbitration deadline 4500.
inline v1::JobSpec make_spec(std::uint32_t k = 3, std::uint32_t quorum = 2) {
  v1::JobSpec spec;
  spec.set_submitter(kSubmitter);
  spec.mutable_payment()->set_max_price(100);
  spec.mutable_payment()->set_validator_fee_budget(30);
  spec.mutable_payment()->set_dispute_reserve(20);
  spec.mutable_validation()->set_validators(k);
  spec.mutable_validation()->set_quorum(quorum);
  spec.mutable_validation()->set_dispute_window_ms(500);
  spec.mutable_deadlines()->set_bid_window_ms(100);
  spec.mutable_deadlines()->set_execution_deadline_ms(1000);
  return spec;
}

inline lc::JobTerms make_terms(std::uint32_t k = 3, std::uint32_t quorum = 2) {
  auto terms = lc::terms_from_spec(make_spec(k, quorum), kJob, 1000);
  REQUIRE(terms.has_value());
  return *terms;
}

inline v1::Bid make_bid(const std::string& executor, std::uint64_t price,
                        std::uint64_t valid_until = 0, const std::string& job = kJob) {
  v1::Bid bid;
  bid.set_job_id(job);
  bid.set_executor(executor);
  bid.set_price(price);
  bid.set_valid_until_unix_ms(valid_until);
  return bid;
}

inline v1::ExecutionReceipt make_receipt(const std::string& executor = kExecutor,
                                         const std::string& output = kGood,
                                         v1::ExecStatus status = v1::EXEC_OK) {
  v1::ExecutionReceipt r;
  r.set_job_id(kJob);
  r.set_executor(executor);
  r.set_output_hash(output);
  r.set_status(status);
  return r;
}

/// A receipt of a failed run (trap, limit, timeout or error) from the assigned executor.
inline v1::ExecutionReceipt failed_receipt(v1::ExecStatus status) {
  return make_receipt(kExecutor, kBad, status);
}

template <class T>
int count_of(const std::vector<lc::Effect>& effects) {
  int n = 0;
  for (const auto& e : effects) n += std::holds_alternative<T>(e) ? 1 : 0;
  return n;
}

template <class T>
const T* find_effect(const std::vector<lc::Effect>& effects) {
  for (const auto& e : effects) {
    if (const T* p = std::get_if<T>(&e)) return p;
  }
  return nullptr;
}

/// A compact summary of everything in a JobState, to check that a state did not change.
inline std::string fingerprint(const lc::JobState& s) {
  std::string out = std::string(lc::to_string(s.phase)) + "|" +
                    std::string(lc::to_string(s.outcome)) + "|" +
                    std::string(lc::to_string(s.resolution)) + "|";
  out += std::to_string(s.escrow_locked) + std::to_string(s.bid_window_closed) +
         std::to_string(s.execution_started) + std::to_string(s.decided) + "|";
  for (const auto& [executor, bid] : s.bids)
    out += executor + ":" + std::to_string(bid.price()) + ",";
  if (s.assignment) out += "A" + s.assignment->executor + std::to_string(s.assignment->price);
  if (s.assignment) out += "B" + s.assignment->bid_digest;
  if (s.receipt) out += "R" + s.receipt->output_hash + std::to_string(s.receipt->status);
  for (const auto& c : s.committed) out += "C" + c;
  for (const auto& v : s.vote_order) out += "V" + v + std::to_string(s.votes.at(v).vote);
  for (const auto& q : s.equivocators) out += "Q" + q;
  if (s.dispute) out += "D" + s.dispute->opener;
  if (s.verdict) {
    out += "W" + s.verdict->arbiter + std::to_string(s.verdict->outcome);
    for (const auto& f : s.verdict->faulty) out += "F" + f;
  }
  for (const auto& id : s.emitted) out += "E" + id;
  return out;
}

/// Applies events to one job and keeps every effect emitted.
struct Driver {
  lc::JobState state;
  std::vector<lc::Effect> effects;  // every effect of every accepted step

  lc::Transition apply(const lc::Event& event, icn::UnixMs now) {
    lc::Transition t = lc::step(std::move(state), event, now);  // by value: moved, not copied
    state = t.state;
    effects.insert(effects.end(), t.effects.begin(), t.effects.end());
    return t;
  }
  /// Applies and requires acceptance.
  lc::Transition ok(const lc::Event& event, icn::UnixMs now) {
    lc::Transition t = apply(event, now);
    INFO("event " << lc::event_name(event) << " rejected: "
                  << (t.rejection ? t.rejection->code + " " + t.rejection->message : ""));
    REQUIRE(t.accepted());
    return t;
  }
  /// Applies and requires a rejection with `code`; the state must not change.
  void rejected(const lc::Event& event, icn::UnixMs now, const std::string& code) {
    const std::string before = fingerprint(state);
    lc::Transition t = apply(event, now);
    REQUIRE_FALSE(t.accepted());
    CHECK(t.rejection->code == code);
    CHECK_FALSE(t.rejection->message.empty());
    CHECK(fingerprint(t.state) == before);
    CHECK(t.effects.empty());
  }
  /// Applies and requires an accepted no-op: same state, no effects.
  void no_op(const lc::Event& event, icn::UnixMs now) {
    const std::string before = fingerprint(state);
    lc::Transition t = ok(event, now);
    CHECK(t.effects.empty());
    CHECK(fingerprint(t.state) == before);
  }

  // Standard paths to a phase (times inside the windows of make_terms).
  Driver& submitted(std::uint32_t k = 3, std::uint32_t quorum = 2) {
    ok(lc::Submit{make_terms(k, quorum)}, 1000);
    return *this;
  }
  Driver& bidding(std::uint32_t k = 3, std::uint32_t quorum = 2) {
    submitted(k, quorum);
    ok(lc::EscrowLocked{}, 1001);
    return *this;
  }
  Driver& with_bids() {
    ok(lc::BidReceived{make_bid(kExecutor, 80)}, 1010);
    ok(lc::BidReceived{make_bid(kOther, 90)}, 1020);
    return *this;
  }
  Driver& assigned(std::uint32_t k = 3, std::uint32_t quorum = 2) {
    bidding(k, quorum).with_bids();
    std::vector<std::string> validators(kValidators.begin(), kValidators.begin() + k);
    ok(lc::Assign{kExecutor, 80, validators}, 1100);
    return *this;
  }
  Driver& receipted(std::uint32_t k = 3, std::uint32_t quorum = 2) {
    assigned(k, quorum);
    ok(lc::ExecutionStarted{kExecutor}, 1200);
    ok(lc::ReceiptReceived{kExecutor, make_receipt()}, 1500);
    return *this;
  }
  Driver& vote(const std::string& validator, v1::Vote v, icn::UnixMs now = 2100) {
    ok(lc::VoteReceived{validator, v, v == v1::VOTE_ACCEPT ? kGood : kBad}, now);
    return *this;
  }
};

}  // namespace lifecycle_test
