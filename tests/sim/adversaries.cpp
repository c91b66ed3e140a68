// Each adversary wraps an honest role and changes exactly one thing about what it does; the
// honest role underneath is unchanged (it has no notion of strategies).
#include <doctest/doctest.h>

#include <cstring>

#include "../actors/memory_storage.hpp"
#include "actors/roles/roles.hpp"
#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "protocol/core/content_id.hpp"
#include "protocol/crypto/verifier.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/validation/compare.hpp"
#include "sim/adversaries/adversary.hpp"

using namespace icn;
using namespace icn::sim;
using actors::ExecutionOrder;
using actors::ExecutionResult;
using actors::SharedEnvelope;

namespace {

Ed25519Seed seed_of(std::uint8_t b) {
  Ed25519Seed s{};
  s.fill(b);
  return s;
}

class CountingRandom : public actors::RandomStream {
 public:
  std::uint64_t next_u64() override { return state_ += 0x9e3779b97f4a7c15ULL; }

 private:
  std::uint64_t state_ = 1;
};

struct Mesh {
  SimKeyRegistry keys;
  SchemeVerifier verifier{&keys};
  std::vector<std::string> lists[actors::kRoleCount];
};

class Directory : public actors::Directory {
 public:
  explicit Directory(Mesh& m) : m_(m) {}
  const std::vector<std::string>& members(actors::Role r) const override {
    return m_.lists[static_cast<int>(r)];
  }

 private:
  Mesh& m_;
};

/// Records what the wrapped node sends, asks to run and arms.
class RecordingWorld : public actors::World {
 public:
  RecordingWorld(Mesh& mesh, std::uint8_t id)
      : mesh_(mesh), directory_(mesh), signer_(mesh.keys.enroll(seed_of(id))) {}
  UnixMs now() const override { return clock; }
  actors::RandomStream& random() override { return rng_; }
  const Signer& signer() const override { return signer_; }
  const Verifier& verifier() const override { return mesh_.verifier; }
  actors::Storage& storage() override { return disk_; }
  const actors::Directory& directory() const override { return directory_; }
  std::uint64_t next_sequence() override {
    return last_ = actors::next_sequence_after(last_, clock);
  }
  void send(const std::string& to, SharedEnvelope e) override { sent.emplace_back(to, *e); }
  void set_timer(DurationMs d, std::uint64_t tag) override { timers.emplace_back(d, tag); }
  void execute(std::uint64_t ticket, ExecutionOrder order) override {
    runs.emplace_back(ticket, std::move(order));
  }
  void emit(const actors::Event&) override {}

  UnixMs clock = 1767225600000ULL;
  std::vector<std::pair<std::string, v1::Envelope>> sent;
  std::vector<std::pair<DurationMs, std::uint64_t>> timers;
  std::vector<std::pair<std::uint64_t, ExecutionOrder>> runs;

 private:
  Mesh& mesh_;
  Directory directory_;
  SimMacSigner signer_;
  CountingRandom rng_;
  test::MemoryStorage disk_;
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
  return r;
}

/// A mesh with a ledger, a submitter, an executor node (wrapped by the adversary under test)
/// and a validator node.
struct Fixture {
  Mesh mesh;
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
    v1::ExecutionReceipt r;
    r.set_job_id(job());
    r.set_executor(executor.signer().did());
    r.set_code_hash(spec.runtime().code().hash());
    r.set_input_hash(input_digest(spec));
    r.set_output(output);
    r.set_output_hash(content_id(to_bytes(output)));
    r.set_status(v1::EXEC_OK);
    v1::ReexecutionRequest req;
    *req.mutable_spec() = spec;
    req.set_receipt_envelope(
        seal(executor.signer(), v1::MSG_EXECUTION_RECEIPT, r, 9, ledger.clock + 60000)
            .SerializeAsString());
    req.set_deadline_unix_ms(ledger.clock + 30000);
    return shared(seal(ledger.signer(), v1::MSG_VALIDATION_REQUEST, req, 2, ledger.clock + 60000));
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
