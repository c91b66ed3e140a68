// A second World, written from scratch for this test with nothing of sim/ linked: the five
// roles run in their CAF shells (CAF's test coordinator, one thread), sign with real Ed25519
// as on a node, reach each other through a lossless in-test network and run jobs with a tiny
// in-test "engine". If the roles depended on anything the simulator provides beyond the World
// interface, this would not link or not settle.
#include <doctest/doctest.h>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <chrono>
#include <map>

#include "actors/messenger.hpp"
#include "actors/node_actor.hpp"
#include "actors/roles/roles.hpp"
#include "memory_storage.hpp"
#include "proto/ledger.pb.h"
#include "protocol/core/content_id.hpp"
#include "protocol/crypto/ed25519.hpp"
#include "protocol/crypto/verifier.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/ledger/ledger.hpp"
#include "protocol/ledger/signed_tx.hpp"

using namespace icn;
namespace v1 = icnmesh::v1;

namespace {

constexpr UnixMs kEpoch = 1767225600000ULL;

class CountingRandom : public actors::RandomStream {
 public:
  std::uint64_t next_u64() override { return state_ += 0x9e3779b97f4a7c15ULL; }

 private:
  std::uint64_t state_ = 7;
};

class ListDirectory : public actors::Directory {
 public:
  std::vector<std::string> lists[actors::kRoleCount];
  const std::vector<std::string>& members(actors::Role r) const override {
    return lists[static_cast<int>(r)];
  }
};

struct Mesh;

class MiniWorld : public actors::World {
 public:
  MiniWorld(Mesh& mesh, std::uint32_t index, std::uint8_t seed_byte)
      : mesh_(mesh), index_(index), signer_(seed(seed_byte)) {}
  UnixMs now() const override;
  actors::RandomStream& random() override { return rng_; }
  const Signer& signer() const override { return signer_; }
  const Verifier& verifier() const override { return verifier_; }
  actors::Storage& storage() override { return disk; }
  const actors::Directory& directory() const override;
  std::uint64_t next_sequence() override {
    return last_sequence_ = actors::next_sequence_after(last_sequence_, now());
  }
  void send(const std::string& to, actors::SharedEnvelope envelope) override;
  void set_timer(DurationMs delay, std::uint64_t tag) override;
  void execute(std::uint64_t ticket, actors::ExecutionOrder order) override;
  void emit(const actors::Event& event) override;

  test::MemoryStorage disk;

 private:
  static Ed25519Seed seed(std::uint8_t b) {
    Ed25519Seed s{};
    s.fill(b);
    return s;
  }
  Mesh& mesh_;
  std::uint32_t index_;
  Ed25519Signer signer_;
  SchemeVerifier verifier_;  // Ed25519 only, as on a node
  CountingRandom rng_;
  std::uint64_t last_sequence_ = 0;
};

/// The in-test "engine": a job's output is the SHA-256 of its code and input hashes; when
/// `trap` is set every run traps instead (as a job whose own limits are too small would).
struct MiniEngine {
  bool trap = false;
  actors::ExecutionResult run(const actors::ExecutionOrder& order) const {
    actors::ExecutionResult r;
    r.code_hash = order.spec.runtime().code().hash();
    r.input_hash = input_digest(order.spec);
    r.engine = "mini";
    if (trap) {
      r.status = v1::EXEC_TRAP;
      r.detail = "unreachable executed";
    } else {
      r.status = v1::EXEC_OK;
    }
    const Digest d = sha256(to_bytes(r.code_hash + r.input_hash + (trap ? "trap" : "")));
    r.output.assign(d.begin(), d.end());
    r.output_hash = content_id(to_bytes(r.output));
    return r;
  }
};

struct Mesh {
  caf::actor_system_config cfg;
  caf::actor_system system;
  caf::scheduler::test_coordinator& sched;
  ListDirectory directory;
  std::vector<std::unique_ptr<MiniWorld>> worlds;
  std::vector<actors::node_actor> handles;
  std::map<std::string, std::uint32_t> index_of;
  std::vector<std::string> events;
  MiniEngine engine;

  static caf::actor_system_config& configure(caf::actor_system_config& c) {
    c.set("scheduler.policy", caf::atom("testing"));
    c.set("logger.inline-output", true);
    actors::register_node_messages(c);
    return c;
  }
  Mesh()
      : system(configure(cfg)),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(system.scheduler())) {}
  ~Mesh() {
    for (auto& h : handles) caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
    sched.run();
    handles.clear();
  }

  UnixMs now() const {
    return kEpoch + static_cast<UnixMs>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            sched.clock().now().time_since_epoch())
                                            .count());
  }
  template <class... Ts>
  void post(std::uint32_t to, DurationMs delay, Ts&&... xs) {
    caf::delayed_anon_send(handles[to], std::chrono::milliseconds(delay), std::forward<Ts>(xs)...);
  }
  /// Runs until nothing is left to do (or a safety bound of simulated time).
  void run(UnixMs until) {
    for (;;) {
      if (sched.try_run_once()) continue;
      if (!sched.has_pending_timeout() || now() > until) return;
      sched.trigger_timeout();
    }
  }
};

UnixMs MiniWorld::now() const {
  return mesh_.now();
}
const actors::Directory& MiniWorld::directory() const {
  return mesh_.directory;
}
void MiniWorld::send(const std::string& to, actors::SharedEnvelope envelope) {
  auto it = mesh_.index_of.find(to);
  if (it == mesh_.index_of.end()) return;
  // The receiving side names the sender it authenticated (here: who called send).
  mesh_.post(it->second, 1, actors::deliver_atom::value,
             actors::WireMsg{signer_.did(), std::move(envelope)});
}
void MiniWorld::set_timer(DurationMs delay, std::uint64_t tag) {
  mesh_.post(index_, delay == 0 ? 1 : delay, actors::timer_atom::value, tag);
}
void MiniWorld::execute(std::uint64_t ticket, actors::ExecutionOrder order) {
  auto result = std::make_shared<const actors::ExecutionResult>(mesh_.engine.run(order));
  mesh_.post(index_, 50, actors::executed_atom::value, actors::ExecutedMsg{ticket, result});
}
void MiniWorld::emit(const actors::Event& event) {
  mesh_.events.push_back(actors::event_name(event));
  if (std::getenv("MINI_DEBUG"))
    std::fprintf(
        stderr, "%llu %s %s\n", static_cast<unsigned long long>(now()), actors::event_name(event),
        actors::describe(event, [](const std::string& d) { return d.substr(8, 12); }).c_str());
}

v1::JobSpec job_template() {
  v1::JobSpec s;
  s.set_version(1);
  s.set_name("mini job");
  s.mutable_runtime()->set_kind(v1::RUNTIME_WASM);
  auto* code = s.mutable_runtime()->mutable_code();
  code->set_inline_bytes("\0asm\x01\0\0\0", 8);
  code->set_hash(content_id(to_bytes(code->inline_bytes())));
  code->set_size(8);
  s.mutable_runtime()->set_entrypoint("run");
  s.mutable_resources()->set_cpu_millicores(1000);
  s.mutable_resources()->set_memory_bytes(64 << 20);
  s.mutable_resources()->set_max_wall_time_ms(5000);
  s.mutable_resources()->set_max_fuel(1000000);
  s.mutable_payment()->set_max_price(40);
  s.mutable_payment()->set_validator_fee_budget(10);
  s.mutable_payment()->set_dispute_reserve(8);
  s.mutable_validation()->set_validators(3);
  s.mutable_validation()->set_quorum(2);
  s.mutable_validation()->set_dispute_window_ms(2000);
  s.mutable_deadlines()->set_bid_window_ms(1000);
  s.mutable_deadlines()->set_execution_deadline_ms(10000);
  return s;
}

enum Node : std::uint32_t {
  kLedger,
  kSubmitter,
  kExec0,
  kExec1,
  kVal0,
  kVal1,
  kVal2,
  kArbiter,
  kNodes
};

/// Builds the five roles, writes a genesis (balances and bonds) to the ledger node's disk,
/// runs one job to its end, and returns the ledger's log.
std::vector<v1::LedgerEntry> run_one_job(Mesh& mesh) {
  const actors::Role roles[kNodes] = {actors::Role::ledger,    actors::Role::submitter,
                                      actors::Role::executor,  actors::Role::executor,
                                      actors::Role::validator, actors::Role::validator,
                                      actors::Role::validator, actors::Role::arbiter};
  for (std::uint32_t i = 0; i < kNodes; ++i) {
    mesh.worlds.push_back(std::make_unique<MiniWorld>(mesh, i, static_cast<std::uint8_t>(i + 1)));
    const std::string& did = mesh.worlds[i]->signer().did();
    mesh.index_of[did] = i;
    mesh.directory.lists[static_cast<int>(roles[i])].push_back(did);
  }
  for (auto& l : mesh.directory.lists) std::sort(l.begin(), l.end());
  auto did = [&](std::uint32_t i) { return mesh.worlds[i]->signer().did(); };

  v1::EconomicParams params;  // every parameter at its default
  {
    ledger::Ledger genesis(ledger::Genesis{did(kLedger)}, params);
    const SchemeVerifier verifier;
    std::uint64_t nonce = 0;
    auto apply = [&](v1::LedgerTx tx, std::uint32_t signer) {
      tx.set_timestamp_unix_ms(kEpoch);
      auto r = genesis.submit(ledger::sign_tx(tx, mesh.worlds[signer]->signer()), verifier, kEpoch);
      REQUIRE_MESSAGE(r.has_value(), r.error().message);
    };
    for (std::uint32_t i = kSubmitter; i < kNodes; ++i) {
      v1::LedgerTx tx;
      tx.set_authorizer(did(kLedger));
      tx.set_nonce(++nonce);
      tx.mutable_mint()->set_to(did(i));
      tx.mutable_mint()->set_amount(i == kSubmitter ? 10'000 : 6'000);
      apply(tx, kLedger);
    }
    const v1::BondRole bond_roles[kNodes] = {
        v1::BOND_ROLE_UNSPECIFIED, v1::BOND_ROLE_UNSPECIFIED, v1::BOND_EXECUTOR,  v1::BOND_EXECUTOR,
        v1::BOND_VALIDATOR,        v1::BOND_VALIDATOR,        v1::BOND_VALIDATOR, v1::BOND_ARBITER};
    for (std::uint32_t i = kExec0; i < kNodes; ++i) {
      v1::LedgerTx tx;
      tx.set_authorizer(did(i));
      tx.set_nonce(1);
      tx.mutable_bond_post()->set_account(did(i));
      tx.mutable_bond_post()->set_role(bond_roles[i]);
      tx.mutable_bond_post()->set_amount(5'000);
      apply(tx, i);
    }
    mesh.worlds[kLedger]->disk.log.entries_ = genesis.log().entries();
  }

  actors::LedgerConfig ledger_cfg;
  ledger_cfg.params = params;
  actors::SubmitterConfig sub_cfg;
  sub_cfg.params = params;
  sub_cfg.templates.push_back(actors::WeightedSpec{1, job_template()});
  sub_cfg.poisson = false;
  sub_cfg.mean_interval_ms = 100;
  sub_cfg.start_unix_ms = kEpoch;
  sub_cfg.quota = 1;
  actors::ExecutorConfig exec_cfg;
  exec_cfg.params = params;
  exec_cfg.bond = 5'000;
  exec_cfg.offered.set_cpu_millicores(2000);
  exec_cfg.offered.set_memory_bytes(1ULL << 30);
  exec_cfg.runtimes = {v1::RUNTIME_WASM};

  for (std::uint32_t i = 0; i < kNodes; ++i) {
    MiniWorld& w = *mesh.worlds[i];
    std::unique_ptr<actors::RoleLogic> role;
    switch (roles[i]) {
      case actors::Role::ledger:
        role = actors::make_ledger(w, ledger_cfg);
        break;
      case actors::Role::submitter:
        role = actors::make_submitter(w, sub_cfg);
        break;
      case actors::Role::executor:
        role = actors::make_executor(w, exec_cfg);
        break;
      case actors::Role::validator:
        role = actors::make_validator(w);
        break;
      case actors::Role::arbiter:
        role = actors::make_arbiter(w);
        break;
    }
    mesh.handles.push_back(actors::spawn_node(mesh.system, std::move(role)));
  }
  mesh.run(kEpoch + 120'000);
  return mesh.worlds[kLedger]->disk.log.entries_;
}

std::vector<v1::LedgerTx> decoded(const std::vector<v1::LedgerEntry>& entries) {
  std::vector<v1::LedgerTx> out;
  for (const auto& e : entries) {
    auto tx = ledger::decode_tx(to_bytes(e.tx_bytes()));
    REQUIRE(tx.has_value());
    out.push_back(*tx);
  }
  return out;
}

}  // namespace

TEST_CASE("a job goes from submission to settlement across the five roles, no simulator") {
  Mesh mesh;
  const auto txs = decoded(run_one_job(mesh));
  std::string job;
  std::uint64_t paid_executor = 0, fee = 0, refund = 0, locked = 0;
  for (const auto& tx : txs) {
    if (tx.has_escrow_lock()) {
      job = tx.escrow_lock().job_id();
      locked = tx.escrow_lock().amount();
    }
    if (!tx.has_escrow_release()) continue;
    CHECK(tx.escrow_release().job_id() == job);
    for (const auto& p : tx.escrow_release().payouts()) {
      if (p.kind() == v1::RELEASE_EXECUTOR_PAYMENT) paid_executor += p.amount();
      if (p.kind() == v1::RELEASE_VALIDATOR_FEE) fee += p.amount();
      if (p.kind() == v1::RELEASE_REFUND) refund += p.amount();
    }
  }
  REQUIRE(!job.empty());
  CHECK(locked == 40 + 10 + 8);
  CHECK(paid_executor > 0);
  CHECK(fee == 9);  // 10 shared by 3 validators; the remainder is refunded
  CHECK(paid_executor + fee + refund == locked);
  for (const auto& tx : txs) CHECK_FALSE(tx.has_slash());
  const auto has = [&](const char* name) {
    return std::find(mesh.events.begin(), mesh.events.end(), name) != mesh.events.end();
  };
  CHECK(has("assigned"));
  CHECK(has("receipt_accepted"));
  CHECK(has("vote_cast"));
  CHECK(has("settled"));
  // The submitter heard of the settlement and keeps nothing in flight.
  CHECK(mesh.worlds[kSubmitter]->disk.scan("submitter/job/").empty());
  // The coordinator left a compact record of the settled job and no open one.
  CHECK(mesh.worlds[kLedger]->disk.scan("coordinator/job/").empty());
  CHECK(mesh.worlds[kLedger]->disk.scan("coordinator/settled/").size() == 1);
}

TEST_CASE("a job whose code traps settles failed: no payment, no slash, validator paid") {
  Mesh mesh;
  mesh.engine.trap = true;
  const auto txs = decoded(run_one_job(mesh));
  bool released = false;
  for (const auto& tx : txs) {
    CHECK_FALSE(tx.has_slash());
    if (!tx.has_escrow_release()) continue;
    released = true;
    for (const auto& p : tx.escrow_release().payouts()) {
      CHECK(p.kind() != v1::RELEASE_EXECUTOR_PAYMENT);
      if (p.kind() == v1::RELEASE_VALIDATOR_FEE) CHECK(p.amount() == 3);
    }
  }
  CHECK(released);
}
