#pragma once
// A World for role tests: it records what a role sends, arms and asks to run, on a clock the
// test moves by hand, with sim-mac identities from a shared registry.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/messenger.hpp"
#include "actors/world.hpp"
#include "memory_storage.hpp"
#include "protocol/core/content_id.hpp"
#include "protocol/crypto/sim_mac.hpp"
#include "protocol/crypto/verifier.hpp"
#include "protocol/job/job_id.hpp"

namespace icn::test {

namespace v1 = icnmesh::v1;

inline Ed25519Seed seed_of(std::uint8_t b) {
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

/// Identities, their verifier and the directory every world of a test shares.
struct TestMesh : actors::Directory {
  SimKeyRegistry keys;
  SchemeVerifier verifier{&keys};
  std::vector<std::string> lists[actors::kRoleCount];
  const std::vector<std::string>& members(actors::Role r) const override {
    return lists[static_cast<int>(r)];
  }
};

class RecordingWorld : public actors::World {
 public:
  RecordingWorld(TestMesh& mesh, std::uint8_t id)
      : mesh_(mesh), signer_(mesh.keys.enroll(seed_of(id))) {}
  UnixMs now() const override { return clock; }
  actors::RandomStream& random() override { return rng_; }
  const Signer& signer() const override { return signer_; }
  const Verifier& verifier() const override { return mesh_.verifier; }
  actors::Storage& storage() override { return disk; }
  const actors::Directory& directory() const override { return mesh_; }
  std::uint64_t next_sequence() override {
    return last_ = actors::next_sequence_after(last_, clock);
  }
  void send(const std::string& to, actors::SharedEnvelope e) override { sent.emplace_back(to, *e); }
  void set_timer(DurationMs d, std::uint64_t tag) override { timers.emplace_back(d, tag); }
  void execute(std::uint64_t ticket, actors::ExecutionOrder order) override {
    runs.emplace_back(ticket, std::move(order));
  }
  void emit(const actors::Event& e) override { events.push_back(actors::event_name(e)); }

  std::size_t count_events(const std::string& name) const {
    return static_cast<std::size_t>(std::count(events.begin(), events.end(), name));
  }

  UnixMs clock = 1767225600000ULL;
  std::vector<std::pair<std::string, v1::Envelope>> sent;
  std::vector<std::pair<DurationMs, std::uint64_t>> timers;
  std::vector<std::pair<std::uint64_t, actors::ExecutionOrder>> runs;
  std::vector<std::string> events;
  MemoryStorage disk;

 private:
  TestMesh& mesh_;
  SimMacSigner signer_;
  CountingRandom rng_;
  std::uint64_t last_ = 0;
};

inline actors::SharedEnvelope shared(v1::Envelope e) {
  return std::make_shared<const v1::Envelope>(std::move(e));
}

/// A small WASM job of `submitter` (10 CPU seconds, k = 1).
inline v1::JobSpec spec_for(const std::string& submitter) {
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

/// A successful run of `spec` that produced `output`.
inline actors::ExecutionResult result_for(const v1::JobSpec& spec, const std::string& output) {
  actors::ExecutionResult r;
  r.status = v1::EXEC_OK;
  r.code_hash = spec.runtime().code().hash();
  r.input_hash = input_digest(spec);
  r.output = output;
  r.output_hash = content_id(to_bytes(output));
  r.engine = "test";
  return r;
}

/// The executor's honest receipt of `spec` with `output`, as the ledger relays it inside a
/// validation request.
inline actors::SharedEnvelope validation_request(const actors::World& ledger,
                                                 const actors::World& executor,
                                                 const v1::JobSpec& spec, v1::ExecutionReceipt r,
                                                 std::uint64_t seq) {
  v1::ReexecutionRequest req;
  *req.mutable_spec() = spec;
  req.set_receipt_envelope(
      seal(executor.signer(), v1::MSG_EXECUTION_RECEIPT, r, seq, ledger.now() + 60000)
          .SerializeAsString());
  req.set_deadline_unix_ms(ledger.now() + 30000);
  return shared(seal(ledger.signer(), v1::MSG_VALIDATION_REQUEST, req, seq, ledger.now() + 60000));
}

/// A receipt of `spec` by `executor` claiming `output`.
inline v1::ExecutionReceipt receipt_for(const v1::JobSpec& spec, const std::string& executor,
                                        const std::string& output) {
  v1::ExecutionReceipt r;
  r.set_job_id(job_id(spec));
  r.set_executor(executor);
  r.set_code_hash(spec.runtime().code().hash());
  r.set_input_hash(input_digest(spec));
  r.set_output(output);
  r.set_output_hash(content_id(to_bytes(output)));
  r.set_status(v1::EXEC_OK);
  return r;
}

}  // namespace icn::test
