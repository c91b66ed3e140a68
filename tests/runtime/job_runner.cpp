// The job runner: the shipped WASM example specs run the same on both engines, mismatched code
// or input bytes are refused with the hash named, hostile modules stop with their reason, the
// cache shares identical work across jobs, and concurrent runs agree.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "protocol/core/content_id.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_parse.hpp"
#include "runtime/job_runner.hpp"
#include "runtime/wasm/aot_runtime.hpp"
#include "runtime/wasm/interp_runtime.hpp"

using namespace icn;
using namespace icn::runtime;

namespace {

const std::string kJobs = std::string(ICNMESH_SOURCE_DIR) + "/scenarios/jobs";
const std::vector<std::string> kExamples = {"sha256", "wordcount", "matmul", "logreg"};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

v1::JobSpec load_spec(const std::string& name) {
  const std::string path = kJobs + "/" + name + ".pbtxt";
  auto spec = parse_spec(path, read_file(path));
  REQUIRE_MESSAGE(spec.has_value(), "cannot parse " << path);
  return *spec;
}

/// The spin spec (its limits) running another module of the build, inline.
v1::JobSpec hostile_spec(const std::string& module) {
  v1::JobSpec spec = load_spec("wasm-spin");
  const std::string code =
      read_file(std::string(ICNMESH_BINARY_DIR) + "/examples/" + module + ".wasm");
  v1::CodeRef* ref = spec.mutable_runtime()->mutable_code();
  ref->set_hash(content_id(std::string_view(code)));
  ref->set_size(code.size());
  ref->set_inline_bytes(code);
  return spec;
}

/// The same work as `spec` in another job: other submitter, nonce, time and name.
v1::JobSpec another_job(v1::JobSpec spec) {
  spec.set_submitter("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
  spec.set_nonce(spec.nonce() + 41);
  spec.set_created_at_unix_ms(spec.created_at_unix_ms() + 3'600'000);
  spec.set_name("the same work, submitted again");
  return spec;
}

JobRunnerOptions options(const std::string& engine = "", bool cache = true) {
  JobRunnerOptions o;
  o.lookup.spec_dir = kJobs;
  o.lookup.store_dirs = {std::string(ICNMESH_BINARY_DIR) + "/store"};
  o.engine = engine;
  o.cache = cache;
  return o;
}

/// Both WASM engines when a C compiler works here (AOT first, as probed), else the interpreter.
RuntimeRegistry wasm_registry() {
  RuntimeRegistry registry;
  registry.add(wasm::make_aot_runtime());
  registry.add(wasm::make_interp_runtime());
  if (!registry.by_name("wasm-aot"))
    MESSAGE("AOT engine unavailable here (no working C compiler): testing the interpreter only");
  return registry;
}

/// What must agree between engines, runs and threads (not timing, not the engine's name).
void check_same_result(const JobOutcome& a, const JobOutcome& b) {
  CHECK(a.status == b.status);
  CHECK(a.detail == b.detail);
  CHECK(a.exit_code == b.exit_code);
  CHECK(a.output == b.output);
  CHECK(a.output_hash == b.output_hash);
  CHECK(a.code_hash == b.code_hash);
  CHECK(a.input_hash == b.input_hash);
  CHECK(a.metering.fuel() == b.metering.fuel());
  CHECK(a.metering.peak_memory_bytes() == b.metering.peak_memory_bytes());
  CHECK(a.metering.output_bytes() == b.metering.output_bytes());
}

}  // namespace

TEST_CASE("every shipped WASM example runs OK, identically on the interpreter and AOT") {
  RuntimeRegistry registry = wasm_registry();
  JobRunner interp(registry, options("wasm-interp"));
  JobRunner aot(registry, options("wasm-aot"));
  for (const std::string& name : kExamples) {
    CAPTURE(name);
    const v1::JobSpec spec = load_spec("wasm-" + name);
    const JobOutcome a = interp.run(spec);
    REQUIRE_MESSAGE(a.status == v1::EXEC_OK, a.detail);
    CHECK(a.refusal == Refusal::kNone);
    CHECK(a.engine == "wasm-interp");
    CHECK(a.code_hash == spec.runtime().code().hash());
    CHECK(a.input_hash == input_digest(spec));
    CHECK(a.output_hash == content_id(a.output));
    CHECK(a.metering.fuel() > 0);
    CHECK_FALSE(a.from_cache);
    if (name == "sha256")
      CHECK(hex_encode(a.output) ==
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    if (name == "wordcount") CHECK(to_string(a.output) == "2 9 44\n");
    if (!registry.by_name("wasm-aot")) continue;
    const JobOutcome b = aot.run(spec);
    CHECK(b.engine == "wasm-aot");
    check_same_result(a, b);
  }
}

TEST_CASE("code whose bytes do not match its hash is refused, naming both hashes") {
  RuntimeRegistry registry = wasm_registry();
  JobRunner runner(registry, options());
  v1::JobSpec spec = load_spec("wasm-sha256");
  const std::string real = spec.runtime().code().hash();
  const std::string claimed = load_spec("wasm-spin").runtime().code().hash();
  spec.mutable_runtime()->mutable_code()->set_hash(claimed);  // the uri still names sha256's bytes
  const JobOutcome out = runner.run(spec);
  CHECK(out.status == v1::EXEC_ERROR);
  CHECK(out.refusal == Refusal::kCodeFetch);
  CHECK(out.detail.find("runtime.code") != std::string::npos);
  CHECK(out.detail.find(claimed) != std::string::npos);
  CHECK(out.detail.find(real) != std::string::npos);
  CHECK(out.code_hash.empty());
  CHECK(out.engine.empty());

  v1::JobSpec missing = load_spec("wasm-sha256");
  const std::string nowhere = content_id(std::string_view("no store holds this"));
  missing.mutable_runtime()->mutable_code()->set_hash(nowhere);
  missing.mutable_runtime()->mutable_code()->set_uri("icn:" + nowhere);
  const JobOutcome not_found = runner.run(missing);
  CHECK(not_found.refusal == Refusal::kCodeFetch);
  CHECK(not_found.detail.find("not in the content store") != std::string::npos);
}

TEST_CASE("an input whose bytes do not match its hash is refused, naming the input and hash") {
  RuntimeRegistry registry = wasm_registry();
  JobRunner runner(registry, options());
  const v1::JobSpec good = load_spec("wasm-sha256");
  REQUIRE(runner.run(good).status == v1::EXEC_OK);  // fills the cache for this work

  // Same claimed hash as the cached work, other bytes: still refused, never a cache hit.
  v1::JobSpec spec = good;
  spec.mutable_inputs(0)->set_inline_bytes("abd");
  const JobOutcome out = runner.run(spec);
  CHECK(out.status == v1::EXEC_ERROR);
  CHECK(out.refusal == Refusal::kInputFetch);
  CHECK_FALSE(out.from_cache);
  CHECK(out.detail.find("inputs[0] (message)") != std::string::npos);
  CHECK(out.detail.find(good.inputs(0).hash()) != std::string::npos);
  CHECK(out.detail.find(content_id(std::string_view("abd"))) != std::string::npos);
  CHECK(out.code_hash == good.runtime().code().hash());  // the code itself was verified
  CHECK(runner.cache_stats().hits == 0);
}

TEST_CASE("out of fuel and trapping modules stop with their reason on both engines") {
  struct Case {
    std::string module;
    v1::ExecStatus status;
    std::string reason;  // a prefix of the detail
  };
  const std::vector<Case> cases = {
      {"spin", v1::EXEC_LIMIT_EXCEEDED, "out of fuel: used all 1000000 units"},
      {"trap", v1::EXEC_TRAP, "trap: unreachable executed"},
      {"oob", v1::EXEC_TRAP, "trap: out of bounds memory access"},
      {"recurse", v1::EXEC_TRAP, "trap: call stack exhausted"},
      {"exit3", v1::EXEC_TRAP, "job exited with status 3"},
      {"membomb", v1::EXEC_LIMIT_EXCEEDED, "memory cap: memory.grow failed"},
      {"outbomb", v1::EXEC_LIMIT_EXCEEDED, "output limit: the job wrote more than 65536 bytes"},
  };
  RuntimeRegistry registry = wasm_registry();
  JobRunner interp(registry, options("wasm-interp"));
  JobRunner aot(registry, options("wasm-aot"));
  for (const Case& c : cases) {
    CAPTURE(c.module);
    const v1::JobSpec spec = c.module == "spin" ? load_spec("wasm-spin") : hostile_spec(c.module);
    const JobOutcome a = interp.run(spec);
    CHECK(a.status == c.status);
    CHECK(a.refusal == Refusal::kNone);
    CHECK_MESSAGE(a.detail.rfind(c.reason, 0) == 0, a.detail);
    if (c.module == "spin") CHECK(a.metering.fuel() == 1'000'000);
    if (registry.by_name("wasm-aot")) check_same_result(a, aot.run(spec));
  }
}

TEST_CASE("a module the ABI refuses is a refusal, not a run") {
  RuntimeRegistry registry = wasm_registry();
  JobRunner runner(registry, options());
  const JobOutcome out = runner.run(hostile_spec("unknown_import"));
  CHECK(out.status == v1::EXEC_ERROR);
  CHECK(out.refusal == Refusal::kModuleInvalid);
  CHECK(out.detail == "module invalid: imports unknown host function env.get_time");
  CHECK(runner.cache_stats().entries == 0);
}

TEST_CASE("no engine for the job's kind, or an unknown engine name, is a refusal") {
  RuntimeRegistry registry;
  registry.add(wasm::make_interp_runtime());
  v1::JobSpec native = load_spec("wasm-sha256");
  native.mutable_runtime()->set_kind(v1::RUNTIME_NATIVE);
  const JobOutcome none = JobRunner(registry, options()).run(native);
  CHECK(none.refusal == Refusal::kNoEngine);
  CHECK(none.detail == "no engine on this machine runs RUNTIME_NATIVE jobs");

  JobRunner misnamed(registry, options("wasm-jit"));
  const JobOutcome unknown = misnamed.run(load_spec("wasm-sha256"));
  CHECK(unknown.refusal == Refusal::kNoEngine);
  CHECK(unknown.detail == "no engine named wasm-jit on this machine");
  CHECK(misnamed.cache_key(load_spec("wasm-sha256")).empty());
}

TEST_CASE("the cache shares identical work across jobs and misses when the fuel limit differs") {
  RuntimeRegistry registry = wasm_registry();
  JobRunner runner(registry, options("wasm-interp"));
  const v1::JobSpec first = load_spec("wasm-matmul");
  const v1::JobSpec second = another_job(first);
  REQUIRE(job_id(first) != job_id(second));
  CHECK(runner.cache_key(first) == runner.cache_key(second));
  CHECK(is_content_id(runner.cache_key(first)));

  const JobOutcome a = runner.run(first);
  REQUIRE_MESSAGE(a.status == v1::EXEC_OK, a.detail);
  CHECK_FALSE(a.from_cache);
  const JobOutcome b = runner.run(second);
  CHECK(b.from_cache);
  check_same_result(a, b);
  CHECK(b.metering.wall_ms() == a.metering.wall_ms());  // the run that filled the entry
  JobRunner::CacheStats stats = runner.cache_stats();
  CHECK(stats.hits == 1);
  CHECK(stats.misses == 1);
  CHECK(stats.entries == 1);

  v1::JobSpec more_fuel = second;
  more_fuel.mutable_resources()->set_max_fuel(first.resources().max_fuel() + 1);
  CHECK(runner.cache_key(more_fuel) != runner.cache_key(first));
  const JobOutcome c = runner.run(more_fuel);
  CHECK_FALSE(c.from_cache);
  CHECK(c.output == a.output);
  CHECK(c.metering.fuel() == a.metering.fuel());
  stats = runner.cache_stats();
  CHECK(stats.hits == 1);
  CHECK(stats.misses == 2);
  CHECK(stats.entries == 2);

  // The engine is part of the key: the same work on another engine is another entry.
  if (registry.by_name("wasm-aot"))
    CHECK(JobRunner(registry, options("wasm-aot")).cache_key(first) != runner.cache_key(first));
  // A hashless input keys by its bytes, like the hashed one.
  v1::JobSpec hashless = first;
  hashless.mutable_inputs(0)->clear_hash();
  CHECK(runner.cache_key(hashless) == runner.cache_key(first));
}

TEST_CASE("the cache forgets the least recently used entry first and respects its byte budget") {
  RuntimeRegistry registry = wasm_registry();
  JobRunnerOptions small = options("wasm-interp");
  small.cache_capacity = 2;
  JobRunner runner(registry, small);
  auto sha_of = [](const std::string& text) {
    v1::JobSpec spec = load_spec("wasm-sha256");
    v1::Input* input = spec.mutable_inputs(0);
    input->set_inline_bytes(text);
    input->set_hash(content_id(std::string_view(text)));
    input->set_size(text.size());
    return spec;
  };
  runner.run(sha_of("a"));
  runner.run(sha_of("b"));
  CHECK(runner.run(sha_of("a")).from_cache);  // "a" is now the most recent, "b" the least
  runner.run(sha_of("c"));                    // evicts "b"
  CHECK(runner.cache_stats().entries == 2);
  CHECK(runner.run(sha_of("a")).from_cache);
  CHECK(runner.run(sha_of("c")).from_cache);
  CHECK_FALSE(runner.run(sha_of("b")).from_cache);

  JobRunnerOptions tiny = options("wasm-interp");
  tiny.cache_capacity_bytes = 64;  // smaller than any entry
  JobRunner no_room(registry, tiny);
  no_room.run(sha_of("a"));
  CHECK_FALSE(no_room.run(sha_of("a")).from_cache);
  CHECK(no_room.cache_stats().entries == 0);
}

TEST_CASE("only outcomes that are a function of the work are cacheable") {
  const v1::JobSpec wasm = load_spec("wasm-sha256");
  JobOutcome outcome;
  for (auto status : {v1::EXEC_OK, v1::EXEC_TRAP, v1::EXEC_LIMIT_EXCEEDED}) {
    outcome.status = status;
    CHECK(outcome_is_cacheable(wasm, outcome));
  }
  outcome.status = v1::EXEC_TIMEOUT;  // wall clock: depends on this machine's load
  CHECK_FALSE(outcome_is_cacheable(wasm, outcome));
  outcome.status = v1::EXEC_ERROR;
  CHECK_FALSE(outcome_is_cacheable(wasm, outcome));
  outcome.status = v1::EXEC_OK;
  outcome.refusal = Refusal::kInputFetch;
  CHECK_FALSE(outcome_is_cacheable(wasm, outcome));

  v1::JobSpec container = load_spec("container-echo");
  JobOutcome ok;
  ok.status = v1::EXEC_OK;
  container.set_determinism(v1::DETERMINISM_DETERMINISTIC);
  CHECK(outcome_is_cacheable(container, ok));
  JobOutcome oom = ok;
  oom.status = v1::EXEC_LIMIT_EXCEEDED;
  CHECK_FALSE(outcome_is_cacheable(container, oom));
  container.set_determinism(v1::DETERMINISM_NONDETERMINISTIC);
  CHECK_FALSE(outcome_is_cacheable(container, ok));
}

TEST_CASE("four threads running the examples at once get identical outcomes") {
  RuntimeRegistry registry = wasm_registry();
  std::vector<v1::JobSpec> specs;
  for (const std::string& name : kExamples) specs.push_back(load_spec("wasm-" + name));
  specs.push_back(load_spec("wasm-spin"));
  std::vector<JobOutcome> reference;
  {
    JobRunner sequential(registry, options("", false));
    for (const auto& spec : specs) reference.push_back(sequential.run(spec));
  }

  struct Config {
    std::string engine;
    bool cache;
  };
  for (const Config& config : {Config{"", false}, Config{"wasm-interp", false}, Config{"", true}}) {
    CAPTURE(config.engine);
    CAPTURE(config.cache);
    JobRunner runner(registry, options(config.engine, config.cache));
    constexpr int kThreads = 4;
    std::vector<std::vector<JobOutcome>> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        // Each thread its own order, so that different works overlap.
        for (std::size_t i = 0; i < specs.size(); ++i)
          results[t].push_back(runner.run(specs[(i + static_cast<std::size_t>(t)) % specs.size()]));
      });
    }
    for (auto& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) {
      for (std::size_t i = 0; i < specs.size(); ++i) {
        const std::size_t which = (i + static_cast<std::size_t>(t)) % specs.size();
        CAPTURE(t);
        CAPTURE(which);
        check_same_result(results[t][i], reference[which]);
      }
    }
    if (config.cache) {
      // Identical work running at the same time waits for one engine run.
      const JobRunner::CacheStats stats = runner.cache_stats();
      CHECK(stats.misses == specs.size());
      CHECK(stats.hits == kThreads * specs.size() - specs.size());
      CHECK(stats.entries == specs.size());
    }
  }
}

TEST_CASE("threads waiting on a run that times out run it themselves, and nothing is cached") {
  RuntimeRegistry registry = wasm_registry();
  JobRunner runner(registry, options("wasm-interp"));
  v1::JobSpec spec = load_spec("wasm-spin");
  spec.mutable_resources()->set_max_fuel(0);  // the default: far more than 100 ms of work
  spec.mutable_resources()->set_max_wall_time_ms(100);
  constexpr int kThreads = 4;
  std::vector<JobOutcome> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] { results[t] = runner.run(spec); });
  for (auto& thread : threads) thread.join();
  for (const JobOutcome& out : results) {
    CHECK(out.status == v1::EXEC_TIMEOUT);
    CHECK(out.detail == "wall-clock limit of 100 ms exceeded");
    CHECK_FALSE(out.from_cache);
  }
  const JobRunner::CacheStats stats = runner.cache_stats();
  CHECK(stats.entries == 0);
  CHECK(stats.hits == 0);
  CHECK(stats.misses == kThreads);
}
