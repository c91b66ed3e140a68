// Each adversary wraps an honest role and changes exactly one thing about what it does; the
// honest role underneath is unchanged (it has no notion of strategies).
#include <doctest/doctest.h>

#include <cstring>

#include "../actors/recording_world.hpp"
#include "actors/roles/roles.hpp"
#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "protocol/validation/compare.hpp"
#include "sim/adversaries/adversary.hpp"

using namespace icn;
using namespace icn::sim;
using namespace icn::test;
using actors::ExecutionResult;
using actors::SharedEnvelope;

namespace {

/// A mesh with a ledger, a submitter, an executor node (wrapped by the adversary under test)
/// and a validator node.
struct Fixture {
  TestMesh mesh;
  RecordingWorld ledger{mesh, 1}, submitter{mesh, 2}, executor{mesh, 3}, validator{mesh, 4};
  v1::JobSpec spec;
  Fixture() {
    mesh.lists[static_cast<int>(actors::Role::ledger)] = {ledger.signer().did()};
    spec = spec_for(submitter.signer().did());
  }
  std::string job() const { return job_id(spec); }
  SharedEnvelope announcement() {
    v1::JobAnnouncement a;
    a.set_job_id(job());
    *a.mutable_spec() = spec;
    a.set_execution_deadline_unix_ms(ledger.clock + 20000);
    return shared(seal(ledger.signer(), v1::MSG_JOB_ANNOUNCEMENT, a, 1, ledger.clock + 60000));
  }
  SharedEnvelope assignment() {
    v1::Assignment a;
    a.set_job_id(job());
    a.set_executor(executor.signer().did());
    a.set_price(12);
    a.set_execution_deadline_unix_ms(ledger.clock + 20000);
    return shared(seal(submitter.signer(), v1::MSG_ASSIGNMENT, a, 5, ledger.clock + 60000));
  }
  SharedEnvelope validation_request(const std::string& output) {
    return test::validation_request(ledger, executor, spec,
                                    receipt_for(spec, executor.signer().did(), output), 9);
  }
  /// The executor node: the honest role inside the adversary for `strategy`.
  std::unique_ptr<actors::RoleLogic> executor_node(v1::Strategy strategy,
                                                   AdversaryOptions options = {}) {
    options.executor.params = options.params;
    auto adversary = make_adversary(strategy, executor, options);
    REQUIRE(adversary);
    adversary->wrap(actors::make_executor(*adversary, options.executor));
    return adversary;
  }
  std::unique_ptr<actors::RoleLogic> validator_node(v1::Strategy strategy,
                                                    AdversaryOptions options = {}) {
    auto adversary = make_adversary(strategy, validator, std::move(options));
    REQUIRE(adversary);
    adversary->wrap(actors::make_validator(*adversary));
    return adversary;
  }
};

v1::ExecutionReceipt receipt_in(const v1::Envelope& env) {
  REQUIRE(env.type() == v1::MSG_EXECUTION_RECEIPT);
  v1::ExecutionReceipt r;
  REQUIRE(r.ParseFromString(env.payload()));
  return r;
}

v1::ValidationReveal reveal_in(const v1::Envelope& env) {
  REQUIRE(env.type() == v1::MSG_VALIDATION_REVEAL);
  v1::ValidationReveal r;
  REQUIRE(r.ParseFromString(env.payload()));
  return r;
}

}  // namespace

TEST_CASE("honest and unchanged strategies have no adversary") {
  Fixture f;
  for (auto s : {v1::STRATEGY_HONEST, v1::STRATEGY_SPAM, v1::STRATEGY_UNDERFUNDED})
    CHECK(make_adversary(s, f.executor, {}) == nullptr);
}

TEST_CASE("a wrong-result executor reports a real wrong output, as a success") {
  Fixture f;
  auto node = f.executor_node(v1::STRATEGY_WRONG_RESULT);
  const std::string ledger = f.ledger.signer().did();
  node->on_envelope(ledger, f.announcement());
  node->on_envelope(ledger, f.assignment());
  REQUIRE(f.executor.runs.size() == 1);  // it does run the job
  ExecutionResult trapped = result_for(f.spec, "forty-two");
  trapped.status = v1::EXEC_TRAP;
  node->on_executed(f.executor.runs[0].first, trapped);
  const auto r = receipt_in(f.executor.sent.back().second);
  CHECK(r.status() == v1::EXEC_OK);
  CHECK(r.output() != "forty-two");
  CHECK(r.output_hash() == content_id(to_bytes(r.output())));  // self-consistent, just wrong
  CHECK(r.output_hash() != content_id(to_bytes("forty-two")));
}

TEST_CASE("the corrupted output fails exact and tolerance comparisons alike") {
  const std::string exact = "the quick brown fox";
  CHECK(corrupted_output(exact) != exact);
  CHECK(corrupted_output("") != "");
  std::string doubles(16, '\0');
  const double values[2] = {1.5, -2.25};
  std::memcpy(doubles.data(), values, 16);
  CHECK_FALSE(validation::within_tolerance(doubles, corrupted_output(doubles), 0.5));
}

TEST_CASE("a no-show executor bids and wins but never runs the job") {
  Fixture f;
  auto node = f.executor_node(v1::STRATEGY_NO_SHOW);
  const std::string ledger = f.ledger.signer().did();
  node->on_envelope(ledger, f.announcement());
  CHECK(f.executor.sent.size() == 1);  // its bid
  node->on_envelope(ledger, f.assignment());
  CHECK(f.executor.runs.empty());
  CHECK(f.executor.sent.size() == 1);
}

TEST_CASE("a late executor holds its receipt until after the deadline") {
  Fixture f;
  AdversaryOptions options;
  options.late_by_ms = 5000;
  auto node = f.executor_node(v1::STRATEGY_LATE_DELIVERY, options);
  const std::string ledger = f.ledger.signer().did();
  node->on_envelope(ledger, f.announcement());
  node->on_envelope(ledger, f.assignment());
  REQUIRE(f.executor.runs.size() == 1);
  const std::size_t sent_before = f.executor.sent.size();
  node->on_executed(f.executor.runs[0].first, result_for(f.spec, "forty-two"));
  CHECK(f.executor.sent.size() == sent_before);  // held
  REQUIRE(f.executor.timers.size() == 1);
  CHECK(f.executor.timers[0].first == 20000 + 5000);
  node->on_timer(f.executor.timers[0].second);
  REQUIRE(f.executor.sent.size() == sent_before + 1);
  CHECK(receipt_in(f.executor.sent.back().second).output() == "forty-two");  // honest, late
}

TEST_CASE("a bid-spam executor bids a quarter of its cost instead of its honest bid") {
  Fixture f;
  AdversaryOptions options;
  options.params.set_executor_cost_per_cpu_second(4);
  options.params.set_executor_margin_bp(2000);
  auto node = f.executor_node(v1::STRATEGY_BID_SPAM, options);
  node->on_envelope(f.ledger.signer().did(), f.announcement());
  REQUIRE(f.executor.sent.size() == 1);  // the honest bid was swallowed
  v1::Bid bid;
  REQUIRE(bid.ParseFromString(f.executor.sent[0].second.payload()));
  CHECK(bid.price() == 10);  // 10 cpu seconds at 4 = 40, a quarter
  node->on_envelope(f.ledger.signer().did(), f.announcement());  // re-announced: no second bid
  CHECK(f.executor.sent.size() == 1);
}

TEST_CASE("a lazy validator approves without running; an offline one never answers") {
  Fixture f;
  auto lazy = f.validator_node(v1::STRATEGY_LAZY);
  lazy->on_envelope(f.ledger.signer().did(), f.validation_request("wrong"));
  CHECK(f.validator.runs.empty());
  REQUIRE(f.validator.sent.size() == 1);
  CHECK(reveal_in(f.validator.sent[0].second).vote() == v1::VOTE_ACCEPT);

  Fixture g;
  auto offline = g.validator_node(v1::STRATEGY_OFFLINE);
  offline->on_envelope(g.ledger.signer().did(), g.validation_request("wrong"));
  CHECK(g.validator.runs.empty());
  CHECK(g.validator.sent.empty());
}

TEST_CASE("a colluding validator approves its partners blindly and validates the others") {
  Fixture f;
  AdversaryOptions partner;
  partner.partners = {f.executor.signer().did()};
  auto colluder = f.validator_node(v1::STRATEGY_COLLUDE, partner);
  colluder->on_envelope(f.ledger.signer().did(), f.validation_request("wrong"));
  CHECK(f.validator.runs.empty());
  REQUIRE(f.validator.sent.size() == 1);
  CHECK(reveal_in(f.validator.sent[0].second).vote() == v1::VOTE_ACCEPT);

  Fixture g;
  AdversaryOptions stranger;
  stranger.partners = {"did:key:someone-else"};
  auto honest_here = g.validator_node(v1::STRATEGY_COLLUDE, stranger);
  honest_here->on_envelope(g.ledger.signer().did(), g.validation_request("wrong"));
  CHECK(g.validator.runs.size() == 1);  // the honest role re-executes
}
