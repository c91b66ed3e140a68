// Role logic without CAF: a fake world records what a role sends, asks to run and emits, so
// each adapter's decisions can be checked directly. (The adversaries that wrap these roles
// are tested with the simulator, tests/sim/adversaries.cpp.)
#include <doctest/doctest.h>

#include "actors/roles/roles.hpp"
#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "recording_world.hpp"

using namespace icn;
using namespace icn::actors;
using namespace icn::test;

namespace {

struct Fixture {
  TestMesh mesh;
  RecordingWorld ledger{mesh, 1}, submitter{mesh, 2}, executor{mesh, 3};
  Fixture() { mesh.lists[static_cast<int>(Role::ledger)] = {ledger.signer().did()}; }

  SharedEnvelope announcement(const v1::JobSpec& spec) {
    v1::JobAnnouncement a;
    a.set_job_id(job_id(spec));
    *a.mutable_spec() = spec;
    a.set_bid_deadline_unix_ms(ledger.clock + 2000);
    a.set_execution_deadline_unix_ms(ledger.clock + 20000);
    return shared(seal(ledger.signer(), v1::MSG_JOB_ANNOUNCEMENT, a, 1, ledger.clock + 60000));
  }
  /// The ledger's validation request for a receipt signed by the executor.
  SharedEnvelope validation_request(const v1::JobSpec& spec, const v1::ExecutionReceipt& r,
                                    std::uint64_t seq) {
    return test::validation_request(ledger, executor, spec, r, seq);
  }
};

v1::Bid only_bid(RecordingWorld& w) {
  REQUIRE(w.sent.size() == 1);
  CHECK(w.sent[0].second.type() == v1::MSG_BID);
  v1::Bid bid;
  REQUIRE(bid.ParseFromString(w.sent[0].second.payload()));
  return bid;
}

}  // namespace

TEST_CASE("an executor bids on an announcement at cost plus margin") {
  Fixture f;
  ExecutorConfig cfg;
  cfg.params.set_executor_cost_per_cpu_second(1);
  cfg.params.set_executor_margin_bp(2000);
  auto exec = make_executor(f.executor, cfg);
  exec->on_envelope(f.ledger.signer().did(), f.announcement(spec_for(f.submitter.signer().did())));
  const v1::Bid bid = only_bid(f.executor);
  CHECK(bid.price() == 12);  // 10 cpu seconds at 1, plus 20%
  CHECK(bid.executor() == f.executor.signer().did());
}

TEST_CASE("an executor ignores announcements not from the ledger and forged ones") {
  Fixture f;
  auto exec = make_executor(f.executor, ExecutorConfig{});
  const auto env = f.announcement(spec_for(f.submitter.signer().did()));
  exec->on_envelope(f.submitter.signer().did(), env);  // wrong sender
  auto forged = *env;
  forged.set_payload(forged.payload() + "x");
  exec->on_envelope(f.ledger.signer().did(), shared(forged));  // signature no longer matches
  CHECK(f.executor.sent.empty());
  CHECK(f.executor.count_events("message_rejected") == 1);
}

TEST_CASE("an assigned executor runs the job through its world and reports what ran") {
  Fixture f;
  auto exec = make_executor(f.executor, ExecutorConfig{});
  const v1::JobSpec spec = spec_for(f.submitter.signer().did());
  exec->on_envelope(f.ledger.signer().did(), f.announcement(spec));
  f.executor.sent.clear();
  v1::Assignment a;
  a.set_job_id(job_id(spec));
  a.set_executor(f.executor.signer().did());
  a.set_price(12);
  const auto assignment =
      shared(seal(f.submitter.signer(), v1::MSG_ASSIGNMENT, a, 5, f.ledger.clock + 60000));
  exec->on_envelope(f.ledger.signer().did(), assignment);
  REQUIRE(f.executor.runs.size() == 1);
  CHECK(f.executor.runs[0].second.job_id == a.job_id());
  CHECK(job_id(f.executor.runs[0].second.spec) == a.job_id());
  exec->on_envelope(f.ledger.signer().did(), assignment);  // a resend while running: nothing
  CHECK(f.executor.runs.size() == 1);

  exec->on_executed(f.executor.runs[0].first, result_for(spec, "forty-two"));
  REQUIRE(f.executor.sent.size() == 1);
  CHECK(f.executor.sent[0].first == f.ledger.signer().did());
  v1::ExecutionReceipt r;
  REQUIRE(r.ParseFromString(f.executor.sent[0].second.payload()));
  CHECK(r.status() == v1::EXEC_OK);
  CHECK(r.output() == "forty-two");
  CHECK(r.output_hash() == content_id(to_bytes("forty-two")));
  CHECK(r.code_hash() == spec.runtime().code().hash());
  CHECK(r.input_hash() == input_digest(spec));

  exec->on_envelope(f.ledger.signer().did(), assignment);  // the ledger missed the receipt
  CHECK(f.executor.sent.size() == 2);
  CHECK(f.executor.runs.size() == 1);  // resent, not re-run
}

TEST_CASE("a validator re-executes, accepts an agreeing receipt, rejects and disputes another") {
  for (bool agree : {true, false}) {
    Fixture f;
    RecordingWorld vw(f.mesh, 9);
    auto val = make_validator(vw);
    const v1::JobSpec spec = spec_for(f.submitter.signer().did());
    const auto r = receipt_for(spec, f.executor.signer().did(), "forty-two");
    val->on_envelope(f.ledger.signer().did(), f.validation_request(spec, r, 3));
    REQUIRE(vw.runs.size() == 1);
    val->on_executed(vw.runs[0].first, result_for(spec, agree ? "forty-two" : "forty-three"));
    REQUIRE(!vw.sent.empty());
    v1::ValidationReveal reveal;
    REQUIRE(reveal.ParseFromString(vw.sent[0].second.payload()));
    CHECK(reveal.vote() == (agree ? v1::VOTE_ACCEPT : v1::VOTE_REJECT));
    CHECK(vw.sent.size() == (agree ? 1u : 2u));  // a rejecting validator also disputes
    if (!agree) CHECK(vw.sent[1].second.type() == v1::MSG_DISPUTE);
  }
}

TEST_CASE("a validator rejects a receipt about other code without running anything") {
  Fixture f;
  RecordingWorld vw(f.mesh, 9);
  auto val = make_validator(vw);
  const v1::JobSpec spec = spec_for(f.submitter.signer().did());
  auto r = receipt_for(spec, f.executor.signer().did(), "x");
  r.set_code_hash(content_id(to_bytes("other code")));
  val->on_envelope(f.ledger.signer().did(), f.validation_request(spec, r, 3));
  CHECK(vw.runs.empty());
  REQUIRE(!vw.sent.empty());
  v1::ValidationReveal reveal;
  REQUIRE(reveal.ParseFromString(vw.sent[0].second.payload()));
  CHECK(reveal.vote() == v1::VOTE_REJECT);
}

TEST_CASE("Messenger sequences increase per node and replays are refused") {
  Fixture f;
  Messenger a(f.executor);
  v1::Bid bid;
  const auto e1 = a.seal(v1::MSG_BID, bid);
  const auto e2 = a.seal(v1::MSG_BID, bid);
  CHECK(e2->sequence() > e1->sequence());
  f.executor.clock += 1;
  Messenger another(f.executor);  // a second messenger of the same node shares its counter
  CHECK(another.seal(v1::MSG_BID, bid)->sequence() > e2->sequence());
  Messenger receiver(f.ledger);
  CHECK(receiver.open_direct<v1::Bid>(f.executor.signer().did(), *e1, v1::MSG_BID).has_value());
  CHECK_FALSE(receiver.open_direct<v1::Bid>(f.executor.signer().did(), *e1, v1::MSG_BID));
}
