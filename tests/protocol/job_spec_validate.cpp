// Semantic rules of job specs (protocol/job/spec_validate.hpp), one check per rule, plus
// job ids and input digests (protocol/job/job_id.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "protocol/core/content_id.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_parse.hpp"
#include "protocol/job/spec_summary.hpp"
#include "protocol/job/spec_validate.hpp"

namespace {

using namespace icn;

constexpr UnixMs kNow = 1767225600000;  // 2026-01-01
const char* const kDid = "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw";
const char* const kDid2 = "did:key:z6MkiaMbhXHNA4eJVCCj8dbzKzTgYDKf6crKgHVHid1F1WCT";

// A valid wasm spec every test case starts from and breaks in one place.
const char* const kValidText = R"(
version: 1
submitter: "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw"
name: "base"
nonce: 1
runtime {
  kind: RUNTIME_WASM
  code { hash: "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" size: 5 inline_bytes: "hello" }
  entrypoint: "run"
}
inputs { name: "in" hash: "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" size: 5 inline_bytes: "hello" }
resources { cpu_millicores: 500 memory_bytes: 1048576 max_wall_time_ms: 1000 max_fuel: 1000 }
payment { max_price: 100 validator_fee_budget: 30 dispute_reserve: 20 }
validation { validators: 3 quorum: 2 }
deadlines { bid_window_ms: 1000 execution_deadline_ms: 5000 }
)";

v1::JobSpec valid_spec() {
  auto parsed = parse_spec_text("base.pbtxt", kValidText);
  REQUIRE(parsed.has_value());
  return *parsed;
}

// The single problem a spec has; fails the test when there are none or several.
SpecProblem only_problem(const v1::JobSpec& spec, UnixMs now = kNow) {
  auto problems = validate_spec(spec, now);
  std::string all;
  for (const auto& p : problems) all += format_problem("spec", p) + "\n";
  INFO(all);
  REQUIRE(problems.size() == 1);
  return problems[0];
}

bool has_problem(const v1::JobSpec& spec, const std::string& path, UnixMs now = kNow) {
  for (const auto& p : validate_spec(spec, now)) {
    if (p.field_path == path) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the base spec is valid") {
  CHECK(validate_spec(valid_spec(), kNow).empty());
  CHECK(content_id(std::string_view("hello")) ==
        "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

TEST_CASE("version must be 1") {
  auto s = valid_spec();
  s.set_version(2);
  CHECK(only_problem(s).field_path == "version");
  s.set_version(0);
  CHECK(only_problem(s).field_path == "version");
}

TEST_CASE("submitter must be an Ed25519 did:key") {
  auto s = valid_spec();
  s.clear_submitter();
  CHECK(only_problem(s).field_path == "submitter");
  s.set_submitter("alice");
  CHECK(only_problem(s).field_path == "submitter");
  s.set_submitter("did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMs0");  // '0' not base58
  CHECK(only_problem(s).field_path == "submitter");
  s.set_submitter("did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMM");  // truncated
  CHECK(only_problem(s).field_path == "submitter");
  s.set_submitter(kDid2);
  CHECK(validate_spec(s, kNow).empty());
  CHECK(is_well_formed_did_key(kDid));
  CHECK_FALSE(is_well_formed_did_key("did:web:example.org"));
}

TEST_CASE("runtime kind must be set") {
  auto s = valid_spec();
  s.mutable_runtime()->set_kind(v1::RUNTIME_UNSPECIFIED);
  // Unspecified runtime: wasm-only fuel/entrypoint rules no longer apply.
  CHECK(only_problem(s).field_path == "runtime.kind");
}

TEST_CASE("wasm and native code need a content id and a size") {
  for (auto kind : {v1::RUNTIME_WASM, v1::RUNTIME_NATIVE}) {
    auto s = valid_spec();
    s.mutable_runtime()->set_kind(kind);
    s.mutable_runtime()->mutable_code()->clear_inline_bytes();
    s.mutable_runtime()->mutable_code()->clear_hash();
    CHECK(only_problem(s).field_path == "runtime.code.hash");
    s.mutable_runtime()->mutable_code()->set_hash("sha256:ABC");
    CHECK(only_problem(s).field_path == "runtime.code.hash");
    s = valid_spec();
    s.mutable_runtime()->set_kind(kind);
    s.mutable_runtime()->mutable_code()->clear_inline_bytes();
    s.mutable_runtime()->mutable_code()->set_size(0);
    CHECK(only_problem(s).field_path == "runtime.code.size");
  }
}

TEST_CASE("inline code must match its hash and size") {
  auto s = valid_spec();
  s.mutable_runtime()->mutable_code()->set_inline_bytes("hellO");
  CHECK(only_problem(s).field_path == "runtime.code.inline_bytes");
  s = valid_spec();
  s.mutable_runtime()->mutable_code()->set_size(6);
  CHECK(only_problem(s).field_path == "runtime.code.size");
}

TEST_CASE("wasm needs an entrypoint") {
  auto s = valid_spec();
  s.mutable_runtime()->clear_entrypoint();
  CHECK(only_problem(s).field_path == "runtime.entrypoint");
  s.mutable_runtime()->set_kind(v1::RUNTIME_NATIVE);
  s.mutable_resources()->clear_max_fuel();
  CHECK(validate_spec(s, kNow).empty());  // native executables have a single entry
}

TEST_CASE("container needs an image name and a sha256 digest") {
  auto s = valid_spec();
  s.mutable_runtime()->set_kind(v1::RUNTIME_CONTAINER);
  s.mutable_runtime()->clear_code();
  auto problems = validate_spec(s, kNow);
  CHECK(has_problem(s, "runtime.image.name"));
  CHECK(has_problem(s, "runtime.image.digest"));
  CHECK(problems.size() == 2);
  s.mutable_runtime()->mutable_image()->set_name("icnmesh/busybox:1");
  s.mutable_runtime()->mutable_image()->set_digest("latest");
  CHECK(only_problem(s).field_path == "runtime.image.digest");
  s.mutable_runtime()->mutable_image()->set_digest(content_id(std::string_view("image")));
  CHECK(validate_spec(s, kNow).empty());
}

TEST_CASE("environment variable names are non-empty, without '=', unique") {
  auto s = valid_spec();
  auto* env = s.mutable_runtime()->add_env();
  env->set_name("A=B");
  CHECK(only_problem(s).field_path == "runtime.env[0].name");
  env->set_name("A");
  s.mutable_runtime()->add_env()->set_name("A");
  CHECK(only_problem(s).field_path == "runtime.env[1].name");
}

TEST_CASE("inputs need a unique name and a valid, matching hash") {
  auto s = valid_spec();
  s.mutable_inputs(0)->clear_name();
  CHECK(only_problem(s).field_path == "inputs[0].name");
  s = valid_spec();
  *s.add_inputs() = s.inputs(0);
  CHECK(only_problem(s).field_path == "inputs[1].name");
  s = valid_spec();
  s.mutable_inputs(0)->set_hash("sha256:1234");
  CHECK(only_problem(s).field_path == "inputs[0].hash");
  s = valid_spec();
  s.mutable_inputs(0)->set_inline_bytes("HELLO");
  CHECK(only_problem(s).field_path == "inputs[0].inline_bytes");
  s = valid_spec();
  s.mutable_inputs(0)->set_size(4);
  CHECK(only_problem(s).field_path == "inputs[0].size");
  s = valid_spec();
  s.mutable_inputs(0)->set_uri("icn:x");  // no inline bytes: the size is only declared
  s.mutable_inputs(0)->set_size(0);
  CHECK(validate_spec(s, kNow).empty());
}

TEST_CASE("resources: memory, cpu, wall time and (wasm) fuel must be > 0") {
  auto s = valid_spec();
  s.mutable_resources()->set_memory_bytes(0);
  auto p = only_problem(s);
  CHECK(p.field_path == "resources.memory_bytes");
  CHECK(p.reason == "must be > 0");
  CHECK(format_problem("jobs/bad.pbtxt", p) ==
        "jobs/bad.pbtxt: resources.memory_bytes: must be > 0");
  s = valid_spec();
  s.mutable_resources()->set_cpu_millicores(0);
  CHECK(only_problem(s).field_path == "resources.cpu_millicores");
  s = valid_spec();
  s.mutable_resources()->set_max_wall_time_ms(0);
  CHECK(only_problem(s).field_path == "resources.max_wall_time_ms");
  s = valid_spec();
  s.mutable_resources()->set_max_fuel(0);
  CHECK(only_problem(s).field_path == "resources.max_fuel");
}

TEST_CASE("network allowlist only and always with NETWORK_ALLOWLIST") {
  auto s = valid_spec();
  s.mutable_resources()->set_network(v1::NETWORK_ALLOWLIST);
  CHECK(only_problem(s).field_path == "resources.network_allowlist");
  s.mutable_resources()->add_network_allowlist("example.org:443");
  CHECK(validate_spec(s, kNow).empty());
  s.mutable_resources()->add_network_allowlist("example.org:99999");
  CHECK(only_problem(s).field_path == "resources.network_allowlist[1]");
  s = valid_spec();
  s.mutable_resources()->add_network_allowlist("example.org:443");
  CHECK(only_problem(s).field_path == "resources.network_allowlist");
}

TEST_CASE("gpus only for container and native jobs") {
  auto s = valid_spec();
  s.mutable_resources()->set_gpus(1);
  CHECK(only_problem(s).field_path == "resources.gpus");
  s.mutable_runtime()->set_kind(v1::RUNTIME_NATIVE);
  CHECK(validate_spec(s, kNow).empty());
}

TEST_CASE("payment: max price > 0, fee budget with validators, amounts within their limit") {
  auto s = valid_spec();
  s.mutable_payment()->set_max_price(0);
  CHECK(only_problem(s).field_path == "payment.max_price");
  s = valid_spec();
  s.mutable_payment()->set_validator_fee_budget(0);
  CHECK(only_problem(s).field_path == "payment.validator_fee_budget");
  s.mutable_validation()->set_validators(0);
  s.mutable_validation()->set_quorum(0);
  CHECK(validate_spec(s, kNow).empty());  // no validators: no fees needed
  s = valid_spec();
  // An amount beyond its declared limit is reported at the field; the escrow rule, which
  // would only repeat it, is left out.
  s.mutable_payment()->set_max_price(std::numeric_limits<std::uint64_t>::max());
  CHECK(only_problem(s).field_path == "payment.max_price");
  CHECK_FALSE(escrow_needed(s.payment()).has_value());
  CHECK(escrow_needed(valid_spec().payment()) == std::optional<std::uint64_t>(150));
}

TEST_CASE("confidential and zk need recipient DIDs; zk needs a statement") {
  auto s = valid_spec();
  s.mutable_privacy()->set_mode(v1::PRIVACY_CONFIDENTIAL);
  CHECK(only_problem(s).field_path == "privacy.recipient_keys");
  s.mutable_privacy()->add_recipient_keys("bob");
  CHECK(only_problem(s).field_path == "privacy.recipient_keys[0]");
  s.mutable_privacy()->set_recipient_keys(0, kDid2);
  CHECK(validate_spec(s, kNow).empty());
  s.mutable_privacy()->set_mode(v1::PRIVACY_ZK);
  CHECK(only_problem(s).field_path == "privacy.zk_statement");
  s.mutable_privacy()->set_zk_statement("range-proof/v1");
  CHECK(validate_spec(s, kNow).empty());
}

TEST_CASE("tolerance accuracy: finite epsilon > 0, never on a deterministic job") {
  auto s = valid_spec();
  s.set_determinism(v1::DETERMINISM_NONDETERMINISTIC);
  s.mutable_accuracy()->set_mode(v1::ACCURACY_TOLERANCE);
  s.mutable_accuracy()->set_epsilon(0.01);
  CHECK(validate_spec(s, kNow).empty());
  for (double bad : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    s.mutable_accuracy()->set_epsilon(bad);
    CHECK(only_problem(s).field_path == "accuracy.epsilon");
  }
  s.mutable_accuracy()->set_epsilon(0.01);
  s.set_determinism(v1::DETERMINISM_DETERMINISTIC);
  auto p = only_problem(s);
  CHECK(p.field_path == "accuracy.mode");
  CHECK(p.reason.find("deterministic") != std::string::npos);
  s = valid_spec();
  s.mutable_accuracy()->set_epsilon(0.5);  // epsilon without tolerance mode
  CHECK(only_problem(s).field_path == "accuracy.epsilon");
}

TEST_CASE("validation: 1 <= quorum <= validators <= 64") {
  auto s = valid_spec();
  s.mutable_validation()->set_quorum(0);
  CHECK(only_problem(s).field_path == "validation.quorum");
  s.mutable_validation()->set_quorum(4);
  CHECK(only_problem(s).field_path == "validation.quorum");
  s.mutable_validation()->set_quorum(1);  // a minority quorum: the quorum rule adds majority
  CHECK(validate_spec(s, kNow).empty());
  s.mutable_validation()->set_validators(kMaxValidators + 1);
  s.mutable_validation()->set_quorum(kMaxValidators);
  CHECK(only_problem(s).field_path == "validation.validators");
  s.mutable_validation()->set_validators(kMaxValidators);
  CHECK(validate_spec(s, kNow).empty());
  s.mutable_validation()->set_validators(0);
  s.mutable_validation()->set_quorum(1);
  CHECK(only_problem(s).field_path == "validation.quorum");
}

TEST_CASE("deadlines: bid window > 0, not inverted, wall time fits, not in the past") {
  auto s = valid_spec();
  s.mutable_deadlines()->set_bid_window_ms(0);
  CHECK(only_problem(s).field_path == "deadlines.bid_window_ms");
  s = valid_spec();
  s.mutable_deadlines()->set_execution_deadline_ms(1000);  // == bid window
  auto p = only_problem(s);
  CHECK(p.field_path == "deadlines.execution_deadline_ms");
  CHECK(p.reason.find("inverted") == 0);
  s = valid_spec();
  s.mutable_resources()->set_max_wall_time_ms(4001);  // 5000 - 1000 = 4000 available
  CHECK(only_problem(s).field_path == "resources.max_wall_time_ms");
  s.mutable_resources()->set_max_wall_time_ms(4000);
  CHECK(validate_spec(s, kNow).empty());
  s.mutable_deadlines()->set_not_after_unix_ms(kNow - 1);
  p = only_problem(s);
  CHECK(p.field_path == "deadlines.not_after_unix_ms");
  CHECK(p.reason.find("in the past") == 0);
  CHECK(validate_spec(s, kNow - 1).empty());  // the instant itself is still allowed
}

TEST_CASE("placement: min_reputation in [0, 1]") {
  auto s = valid_spec();
  for (double ok : {0.0, 0.5, 1.0}) {
    s.mutable_placement()->set_min_reputation(ok);
    CHECK(validate_spec(s, kNow).empty());
  }
  for (double bad : {-0.1, 1.01, std::nan("")}) {
    s.mutable_placement()->set_min_reputation(bad);
    CHECK(only_problem(s).field_path == "placement.min_reputation");
  }
}

TEST_CASE("sharding rules") {
  auto s = valid_spec();
  auto* sh = s.mutable_sharding();
  sh->set_shard_count(4);
  sh->set_strategy(v1::SHARD_STRATEGY_SPLIT_INPUT);
  CHECK(validate_spec(s, kNow).empty());
  sh->set_shard_count(1);
  CHECK(only_problem(s).field_path == "sharding.shard_count");
  sh->set_shard_count(4);
  sh->set_strategy(v1::SHARD_STRATEGY_UNSPECIFIED);
  CHECK(only_problem(s).field_path == "sharding.strategy");
  sh->set_strategy(v1::SHARD_STRATEGY_SPLIT_INPUT);
  sh->set_min_shards_for_result(5);
  CHECK(only_problem(s).field_path == "sharding.min_shards_for_result");
  sh->set_min_shards_for_result(4);
  sh->mutable_reducer()->set_hash("nope");
  sh->mutable_reducer()->set_size(1);
  CHECK(only_problem(s).field_path == "sharding.reducer.hash");
  s = valid_spec();
  s.clear_inputs();
  s.mutable_sharding()->set_shard_count(2);
  s.mutable_sharding()->set_strategy(v1::SHARD_STRATEGY_SPLIT_INPUT);
  CHECK(only_problem(s).field_path == "sharding.strategy");  // nothing to split
}

TEST_CASE("federated learning rules") {
  auto base = valid_spec();
  base.set_determinism(v1::DETERMINISM_NONDETERMINISTIC);
  auto* fl = base.mutable_federated_learning();
  fl->set_rounds(3);
  fl->set_min_participants(5);
  fl->set_model_dimension(8);
  fl->set_aggregation(v1::AGGREGATION_KRUM);
  fl->set_learning_rate(0.1);
  REQUIRE(validate_spec(base, kNow).empty());

  auto broken = [&](auto mutate) {
    auto s = base;
    mutate(*s.mutable_federated_learning());
    return only_problem(s).field_path;
  };
  using FL = v1::FederatedLearning;
  CHECK(broken([](FL& f) { f.set_rounds(0); }) == "federated_learning.rounds");
  CHECK(broken([](FL& f) {
          f.set_aggregation(v1::AGGREGATION_FEDAVG);
          f.set_min_participants(1);
        }) == "federated_learning.min_participants");
  CHECK(broken([](FL& f) { f.set_model_dimension(0); }) == "federated_learning.model_dimension");
  CHECK(broken([](FL& f) { f.set_aggregation(v1::AGGREGATION_UNSPECIFIED); }) ==
        "federated_learning.aggregation");
  CHECK(broken([](FL& f) { f.set_learning_rate(0); }) == "federated_learning.learning_rate");
  CHECK(broken([](FL& f) { f.set_clip_norm(-1); }) == "federated_learning.clip_norm");
  CHECK(broken([](FL& f) { f.set_trim_fraction_percent(50); }) ==
        "federated_learning.trim_fraction_percent");
  CHECK(broken([](FL& f) { f.set_min_participants(kKrumMinParticipants - 1); }) ==
        "federated_learning.min_participants");
  CHECK(broken([](FL& f) { f.set_dp_noise_multiplier(-0.1); }) ==
        "federated_learning.dp_noise_multiplier");
  CHECK(broken([](FL& f) { f.set_initial_model_hash("model.bin"); }) ==
        "federated_learning.initial_model_hash");
  auto both = base;
  both.mutable_sharding()->set_shard_count(2);
  both.mutable_sharding()->set_strategy(v1::SHARD_STRATEGY_REPLICATE);
  CHECK(only_problem(both).field_path == "federated_learning");
}

TEST_CASE("every problem is listed, not just the first") {
  auto s = valid_spec();
  s.set_version(9);
  s.mutable_resources()->set_memory_bytes(0);
  s.mutable_payment()->set_max_price(0);
  s.mutable_deadlines()->set_execution_deadline_ms(10);
  s.mutable_placement()->set_min_reputation(2);
  auto problems = validate_spec(s, kNow);
  REQUIRE(problems.size() == 5);
  CHECK(problems[0].field_path == "version");
  CHECK(has_problem(s, "resources.memory_bytes"));
  CHECK(has_problem(s, "payment.max_price"));
  CHECK(has_problem(s, "deadlines.execution_deadline_ms"));
  CHECK(has_problem(s, "placement.min_reputation"));
}

TEST_CASE("job id: stable for equal specs, different for a different nonce") {
  auto a = valid_spec();
  auto b = valid_spec();
  CHECK(is_content_id(job_id(a)));
  CHECK(job_id(a) == job_id(b));
  b.set_nonce(2);
  CHECK(job_id(a) != job_id(b));
  b.set_nonce(1);
  b.set_name("other");
  CHECK(job_id(a) != job_id(b));
}

TEST_CASE("input digest: ordered, length-prefixed, domain-separated") {
  auto s = valid_spec();
  Bytes expected = to_bytes("icnmesh/inputs/v1\n");
  append_length_prefixed(expected, std::string_view(s.inputs(0).hash()));
  CHECK(input_digest(s) == content_id(expected));
  auto two = s;
  auto* second = two.add_inputs();
  second->set_name("z");
  second->set_hash(content_id(std::string_view("z")));
  auto swapped = two;
  swapped.mutable_inputs()->SwapElements(0, 1);
  CHECK(input_digest(two) != input_digest(swapped));
  CHECK(input_digest(two) != input_digest(s));
  v1::JobSpec none;
  CHECK(input_digest(none) == content_id(std::string_view("icnmesh/inputs/v1\n")));
}

TEST_CASE("summary names the essentials in human units") {
  auto s = valid_spec();
  auto text = spec_summary(s);
  CHECK(text.find(job_id(s)) != std::string::npos);
  CHECK(text.find("1 MiB memory") != std::string::npos);
  CHECK(text.find("escrow:       150") != std::string::npos);
  CHECK(text.find("k=3") != std::string::npos);
  CHECK(human_bytes(512) == "512 B");
  CHECK(human_bytes(1536) == "1.5 KiB");
  CHECK(human_bytes(64ull << 20) == "64 MiB");
  CHECK(human_duration_ms(250) == "250 ms");
  CHECK(human_duration_ms(1500) == "1.5 s");
  CHECK(human_duration_ms(120000) == "2 min");
}

TEST_CASE("string fields must be valid UTF-8, wherever they are") {
  auto s = valid_spec();
  s.set_name("caf\xC3\xA9 \xF0\x9F\x98\x80");  // é and an emoji: fine
  CHECK(validate_spec(s, kNow).empty());
  for (const char* bad : {"\xFF", "\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    s.set_name(bad);
    CHECK(only_problem(s).field_path == "name");
  }
  s = valid_spec();
  s.mutable_runtime()->add_args("ok");
  s.mutable_runtime()->add_args("\xFE");
  CHECK(only_problem(s).field_path == "runtime.args[1]");
}
