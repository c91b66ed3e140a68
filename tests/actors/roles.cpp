// Role logic without CAF: a fake world records what a role sends, so each adapter's
// decisions (and each adversarial strategy's one change) can be checked directly.
#include <doctest/doctest.h>

#include <map>

#include "actors/roles/roles.hpp"
#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
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
  std::vector<std::string> lists[5];
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
  Storage& storage() override { throw std::logic_error("unused"); }
  const Directory& directory() const override { return dir_; }
  void send(const std::string& to, const v1::Envelope& e) override { sent.emplace_back(to, e); }
  void set_timer(DurationMs d, std::uint64_t tag) override { timers.emplace_back(d, tag); }
  void report(const std::string& ev, const std::string&, std::int64_t) override {
    reports.push_back(ev);
  }
  UnixMs clock = 1767225600000ULL;
  std::vector<std::pair<std::string, v1::Envelope>> sent;
  std::vector<std::pair<DurationMs, std::uint64_t>> timers;
  std::vector<std::string> reports;

 private:
  Net& net_;
  SimMacSigner signer_;
  CountingRandom rng_;
  FakeDirectory& dir_;
};

v1::JobSpec spec_for(const std::string& submitter) {
  v1::JobSpec s;
  s.set_version(1);
  s.set_submitter(submitter);
  s.mutable_runtime()->set_kind(v1::RUNTIME_WASM);
  s.mutable_resources()->set_cpu_millicores(1000);
  s.mutable_resources()->set_max_wall_time_ms(10000);
  s.mutable_payment()->set_max_price(40);
  s.mutable_validation()->set_validators(1);
  s.mutable_validation()->set_quorum(1);
  s.mutable_deadlines()->set_bid_window_ms(2000);
  s.mutable_deadlines()->set_execution_deadline_ms(20000);
  return s;
}

struct Fixture {
  Net net;
  FakeDirectory dir;
  FakeWorld ledger{net, 1, dir}, submitter{net, 2, dir}, executor{net, 3, dir};
  Fixture() { dir.lists[static_cast<int>(Role::ledger)] = {ledger.signer().did()}; }

  v1::Envelope announcement(const v1::JobSpec& spec) {
    v1::JobAnnouncement a;
    a.set_job_id(job_id(spec));
    *a.mutable_spec() = spec;
    a.set_bid_deadline_unix_ms(ledger.clock + 2000);
    a.set_execution_deadline_unix_ms(ledger.clock + 20000);
    return seal(ledger.signer(), v1::MSG_JOB_ANNOUNCEMENT, a, 1, ledger.clock + 60000);
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

TEST_CASE("a bid-spam executor bids below its cost") {
  Fixture f;
  ExecutorConfig cfg;
  cfg.strategy = Strategy::bid_spam;
  cfg.params.set_executor_cost_per_cpu_second(1);
  auto exec = make_executor(f.executor, cfg);
  exec->on_envelope(f.ledger.signer().did(), f.announcement(spec_for(f.submitter.signer().did())));
  CHECK(only_bid(f.executor).price() < 10);
}

TEST_CASE("an executor ignores announcements not from the ledger and forged ones") {
  Fixture f;
  auto exec = make_executor(f.executor, ExecutorConfig{});
  const auto env = f.announcement(spec_for(f.submitter.signer().did()));
  exec->on_envelope(f.submitter.signer().did(), env);  // wrong sender
  auto forged = env;
  forged.set_payload(forged.payload() + "x");
  exec->on_envelope(f.ledger.signer().did(), forged);  // signature no longer matches
  CHECK(f.executor.sent.empty());
}

TEST_CASE("assigned executors deliver: honest with the correct output, a cheat with another") {
  for (Strategy s : {Strategy::honest, Strategy::wrong_result, Strategy::no_show}) {
    Fixture f;
    ExecutorConfig cfg;
    cfg.strategy = s;
    auto exec = make_executor(f.executor, cfg);
    const v1::JobSpec spec = spec_for(f.submitter.signer().did());
    exec->on_envelope(f.ledger.signer().did(), f.announcement(spec));
    f.executor.sent.clear();
    v1::Assignment a;
    a.set_job_id(job_id(spec));
    a.set_executor(f.executor.signer().did());
    a.set_price(12);
    exec->on_envelope(f.ledger.signer().did(),
                      seal(f.submitter.signer(), v1::MSG_ASSIGNMENT, a, 5, f.ledger.clock + 60000));
    if (s == Strategy::no_show) {
      CHECK(f.executor.timers.empty());
      continue;
    }
    REQUIRE(f.executor.timers.size() == 1);
    const DurationMs run = f.executor.timers[0].first;
    CHECK(run >= 2000);
    CHECK(run <= 6000);
    f.executor.clock += run;
    exec->on_timer(f.executor.timers[0].second);
    REQUIRE(f.executor.sent.size() == 1);
    v1::ExecutionReceipt r;
    REQUIRE(r.ParseFromString(f.executor.sent[0].second.payload()));
    CHECK((r.output_hash() == correct_output_hash(a.job_id())) == (s == Strategy::honest));
  }
}

TEST_CASE("validators: honest rejects a wrong receipt and disputes, lazy approves it") {
  for (Strategy s : {Strategy::honest, Strategy::lazy, Strategy::offline}) {
    Fixture f;
    FakeWorld vw(f.net, 9, f.dir);
    ValidatorConfig cfg;
    cfg.strategy = s;
    auto val = make_validator(vw, cfg);
    v1::ExecutionReceipt r;
    r.set_job_id("sha256:job");
    r.set_executor(f.executor.signer().did());
    r.set_output_hash(wrong_output_hash("sha256:job", r.executor()));
    r.set_status(v1::EXEC_OK);
    r.mutable_metering()->set_wall_ms(3000);
    val->on_envelope(f.ledger.signer().did(),
                     seal(f.executor.signer(), v1::MSG_EXECUTION_RECEIPT, r, 3, vw.clock + 60000));
    if (s == Strategy::offline) {
      CHECK(vw.sent.empty());
      CHECK(vw.timers.empty());
      continue;
    }
    if (s == Strategy::honest) {
      REQUIRE(vw.timers.size() == 1);
      val->on_timer(vw.timers[0].second);
    }
    REQUIRE(!vw.sent.empty());
    v1::ValidationReveal reveal;
    REQUIRE(reveal.ParseFromString(vw.sent[0].second.payload()));
    CHECK(reveal.vote() == (s == Strategy::honest ? v1::VOTE_REJECT : v1::VOTE_ACCEPT));
    CHECK(vw.sent.size() == (s == Strategy::honest ? 2u : 1u));  // honest also disputes
  }
}

TEST_CASE("Messenger sequences increase and survive a wiped restart") {
  Fixture f;
  Messenger a(f.executor);
  v1::Bid bid;
  const auto e1 = a.seal(v1::MSG_BID, bid);
  const auto e2 = a.seal(v1::MSG_BID, bid);
  CHECK(e2.sequence() > e1.sequence());
  f.executor.clock += 1;
  Messenger after_restart(f.executor);  // a new counter, as after losing state
  CHECK(after_restart.seal(v1::MSG_BID, bid).sequence() > e2.sequence());
  Messenger receiver(f.ledger);
  CHECK(receiver.open_direct<v1::Bid>(f.executor.signer().did(), e1, v1::MSG_BID).has_value());
  CHECK_FALSE(receiver.open_direct<v1::Bid>(f.executor.signer().did(), e1, v1::MSG_BID));  // replay
}
