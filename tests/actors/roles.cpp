// Role logic without CAF: a fake world records what a role sends, asks to run and emits, so
// each adapter's decisions can be checked directly. (The adversaries that wrap these roles
// are tested with the simulator, tests/sim/adversaries.cpp.)
#include <doctest/doctest.h>

#include <map>

#include "actors/messenger.hpp"
#include "actors/roles/roles.hpp"
#include "memory_storage.hpp"
#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "protocol/core/content_id.hpp"
#include "protocol/crypto/sim_mac.hpp"
#include "protocol/crypto/verifier.hpp"
#include "protocol/job/job_id.hpp"

using namespace icn;
using namespace icn::actors;

namespace {

Ed25519Seed seed_of(std::uint8_t b) {
  Ed25519Seed s{};
  s.fill(b);
  return s;
}

struct Net {
  SimKeyRegistry keys;
  SchemeVerifier verifier{&keys};
};

class CountingRandom : public RandomStream {
 public:
  std::uint64_t next_u64() override { return state_ += 0x9e3779b97f4a7c15ULL; }

 private:
  std::uint64_t state_ = 1;
};

class FakeDirectory : public Directory {
 public:
  std::vector<std::string> lists[kRoleCount];
  const std::vector<std::string>& members(Role r) const override {
    return lists[static_cast<int>(r)];
  }
};

class FakeWorld : public World {
 public:
  FakeWorld(Net& net, std::uint8_t id, FakeDirectory& dir)
      : net_(net), signer_(net.keys.enroll(seed_of(id))), dir_(dir) {}
  UnixMs now() const override { return clock; }
  RandomStream& random() override { return rng_; }
  const Signer& signer() const override { return signer_; }
  const Verifier& verifier() const override { return net_.verifier; }
  Storage& storage() override { return disk; }
  const Directory& directory() const override { return dir_; }
  std::uint64_t next_sequence() override { return last_ = next_sequence_after(last_, clock); }
  void send(const std::string& to, SharedEnvelope e) override { sent.emplace_back(to, *e); }
  void set_timer(DurationMs d, std::uint64_t tag) override { timers.emplace_back(d, tag); }
  void execute(std::uint64_t ticket, ExecutionOrder order) override {
    runs.emplace_back(ticket, std::move(order));
  }
  void emit(const Event& e) override { events.push_back(event_name(e)); }

  UnixMs clock = 1767225600000ULL;
  std::vector<std::pair<std::string, v1::Envelope>> sent;
  std::vector<std::pair<DurationMs, std::uint64_t>> timers;
  std::vector<std::pair<std::uint64_t, ExecutionOrder>> runs;
  std::vector<std::string> events;
  test::MemoryStorage disk;

 private:
  Net& net_;
  SimMacSigner signer_;
  CountingRandom rng_;
  FakeDirectory& dir_;
  std::uint64_t last_ = 0;
};

SharedEnvelope shared(v1::Envelope e) {
  return std::make_shared<const v1::Envelope>(std::move(e));
}

v1::JobSpec spec_for(const std::string& submitter) {
  v1::JobSpec s;
  s.set_version(1);
  s.set_submitter(submitter);
  s.mutable_runtime()->set_kind(v1::RUNTIME_WASM);
  s.mutable_runtime()->mutable_code()->set_hash(content_id(to_bytes("code")));
  s.mutable_resources()->set_cpu_millicores(1000);
  s.mutable_resources()->set_max_wall_time_ms(10000);
  s.mutable_payment()->set_max_price(40);
  s.mutable_validation()->set_validators(1);
  s.mutable_validation()->set_quorum(1);
  s.mutable_deadlines()->set_bid_window_ms(2000);
  s.mutable_deadlines()->set_execution_deadline_ms(20000);
  return s;
}

ExecutionResult result_for(const v1::JobSpec& spec, const std::string& output) {
  ExecutionResult r;
  r.status = v1::EXEC_OK;
  r.code_hash = spec.runtime().code().hash();
  r.input_hash = input_digest(spec);
  r.output = output;
  r.output_hash = content_id(to_bytes(output));
  r.engine = "fake";
  return r;
}

struct Fixture {
  Net net;
  FakeDirectory dir;
  FakeWorld ledger{net, 1, dir}, submitter{net, 2, dir}, executor{net, 3, dir};
  Fixture() { dir.lists[static_cast<int>(Role::ledger)] = {ledger.signer().did()}; }

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
    v1::ReexecutionRequest req;
    *req.mutable_spec() = spec;
    req.set_receipt_envelope(
        seal(executor.signer(), v1::MSG_EXECUTION_RECEIPT, r, seq, ledger.clock + 60000)
            .SerializeAsString());
    req.set_deadline_unix_ms(ledger.clock + 30000);
    return shared(
        seal(ledger.signer(), v1::MSG_VALIDATION_REQUEST, req, seq, ledger.clock + 60000));
  }
};

v1::Bid only_bid(FakeWorld& w) {
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
  CHECK(std::count(f.executor.events.begin(), f.executor.events.end(), "message_rejected") == 1);
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
    FakeWorld vw(f.net, 9, f.dir);
    auto val = make_validator(vw);
    const v1::JobSpec spec = spec_for(f.submitter.signer().did());
    v1::ExecutionReceipt r;
    r.set_job_id(job_id(spec));
    r.set_executor(f.executor.signer().did());
    r.set_code_hash(spec.runtime().code().hash());
    r.set_input_hash(input_digest(spec));
    r.set_output("forty-two");
    r.set_output_hash(content_id(to_bytes("forty-two")));
    r.set_status(v1::EXEC_OK);
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
  FakeWorld vw(f.net, 9, f.dir);
  auto val = make_validator(vw);
  const v1::JobSpec spec = spec_for(f.submitter.signer().did());
  v1::ExecutionReceipt r;
  r.set_job_id(job_id(spec));
  r.set_executor(f.executor.signer().did());
  r.set_code_hash(content_id(to_bytes("other code")));
  r.set_input_hash(input_digest(spec));
  r.set_output_hash(content_id(to_bytes("x")));
  r.set_status(v1::EXEC_OK);
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
