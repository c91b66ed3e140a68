// Both WASM engines against the example jobs and the hostile modules: each hostile module is
// stopped with the right reason, and fuel and output agree between the engines.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "protocol/core/content_id.hpp"
#include "runtime/registry.hpp"
#include "runtime/wasm/aot_runtime.hpp"
#include "runtime/wasm/interp_runtime.hpp"
#include "runtime/wasm/module_prep.hpp"

using namespace icn;
using namespace icn::runtime;

namespace {

Bytes read_module(const std::string& name) {
  const std::string path = std::string(ICNMESH_BINARY_DIR) + "/examples/" + name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing " << path << " (build target icnmesh_wasm_examples)");
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

RunRequest request(const std::string& module, const std::string& input,
                   std::uint64_t fuel = 1'000'000'000, std::uint64_t memory = 16 << 20) {
  RunRequest r;
  r.spec.mutable_runtime()->set_kind(v1::RUNTIME_WASM);
  r.code = read_module(module);
  r.input = to_bytes(input);
  r.limits.max_fuel = fuel;
  r.limits.memory_bytes = memory;
  r.limits.max_output_bytes = 1 << 20;
  return r;
}

/// The engines under test: the interpreter always, AOT when a C compiler works here.
std::vector<std::unique_ptr<Runtime>> engines() {
  std::vector<std::unique_ptr<Runtime>> out;
  out.push_back(wasm::make_interp_runtime());
  auto aot = wasm::make_aot_runtime();
  if (aot) {
    out.push_back(std::move(aot));
  } else {
    MESSAGE("AOT engine unavailable here (no working C compiler): testing the interpreter only");
  }
  return out;
}

struct Case {
  std::string module;
  std::string input;
};

const std::vector<Case>& example_jobs() {
  static const std::vector<Case> cases = {
      {"sha256", "abc"},
      {"sha256", std::string(1000, 'x')},
      {"wordcount", "the quick brown fox\njumps over\n\n the lazy dog\n"},
      {"matmul", "24 2"},
      {"exit3", ""},
  };
  return cases;
}

}  // namespace

TEST_CASE("sha256 job computes SHA-256 in every engine") {
  for (auto& engine : engines()) {
    CAPTURE(engine->name());
    RunResult r = engine->run(request("sha256", "abc"));
    REQUIRE_MESSAGE(r.status == v1::EXEC_OK, r.reason);
    CHECK(hex_encode(r.output) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(r.metering.fuel() > 0);
    CHECK(r.metering.output_bytes() == 32);
    CHECK(r.output_hash == content_id(r.output));
  }
}

TEST_CASE("wordcount job counts lines, words and bytes") {
  for (auto& engine : engines()) {
    CAPTURE(engine->name());
    RunResult r = engine->run(request("wordcount", "one two\nthree\n"));
    REQUIRE_MESSAGE(r.status == v1::EXEC_OK, r.reason);
    CHECK(to_string(r.output) == "2 3 14\n");
  }
}

TEST_CASE("fuel and output agree between the engines on every example job") {
  auto all = engines();
  if (all.size() < 2) return;
  for (const Case& c : example_jobs()) {
    CAPTURE(c.module);
    RunResult a = all[0]->run(request(c.module, c.input));
    RunResult b = all[1]->run(request(c.module, c.input));
    CHECK(a.status == b.status);
    CHECK(a.reason == b.reason);
    CHECK(a.exit_code == b.exit_code);
    CHECK(a.output == b.output);
    CHECK(a.metering.fuel() == b.metering.fuel());
    CHECK(a.metering.peak_memory_bytes() == b.metering.peak_memory_bytes());
  }
}

TEST_CASE("a budget exactly at the fuel used succeeds and one less runs out") {
  for (auto& engine : engines()) {
    CAPTURE(engine->name());
    RunResult full = engine->run(request("matmul", "16 1"));
    REQUIRE_MESSAGE(full.status == v1::EXEC_OK, full.reason);
    const std::uint64_t used = full.metering.fuel();
    RunResult exact = engine->run(request("matmul", "16 1", used));
    CHECK_MESSAGE(exact.status == v1::EXEC_OK, exact.reason);
    CHECK(exact.metering.fuel() == used);
    CHECK(exact.output == full.output);
    RunResult short_one = engine->run(request("matmul", "16 1", used - 1));
    CHECK(short_one.status == v1::EXEC_LIMIT_EXCEEDED);
    CHECK(short_one.reason.rfind("out of fuel", 0) == 0);
    CHECK(short_one.metering.fuel() == used - 1);
  }
}

TEST_CASE("hostile modules are stopped with the right reason") {
  struct Hostile {
    std::string module;
    v1::ExecStatus status;
    std::string reason_prefix;
  };
  const std::vector<Hostile> hostile = {
      {"spin", v1::EXEC_LIMIT_EXCEEDED, "out of fuel"},
      {"membomb", v1::EXEC_LIMIT_EXCEEDED, "memory cap"},
      {"oob", v1::EXEC_TRAP, "trap: out of bounds memory access"},
      {"outbomb", v1::EXEC_LIMIT_EXCEEDED, "output limit"},
      {"trap", v1::EXEC_TRAP, "trap: unreachable executed"},
      {"recurse", v1::EXEC_TRAP, "trap: call stack exhausted"},
      {"exit3", v1::EXEC_TRAP, "job exited with status 3"},
  };
  auto all = engines();
  for (const Hostile& h : hostile) {
    std::vector<RunResult> results;
    for (auto& engine : all) {
      CAPTURE(engine->name());
      CAPTURE(h.module);
      RunResult r = engine->run(request(h.module, "", 50'000'000));
      CHECK(r.status == h.status);
      CHECK_MESSAGE(r.reason.rfind(h.reason_prefix, 0) == 0, r.reason);
      CHECK(r.engine == engine->name());
      results.push_back(std::move(r));
    }
    if (results.size() == 2) {
      CAPTURE(h.module);
      CHECK(results[0].reason == results[1].reason);
      CHECK(results[0].metering.fuel() == results[1].metering.fuel());
      CHECK(results[0].output == results[1].output);
    }
  }
}

TEST_CASE("the memory bomb stops at the cap") {
  for (auto& engine : engines()) {
    CAPTURE(engine->name());
    RunResult r = engine->run(request("membomb", "", 50'000'000, 4 << 20));
    CHECK(r.status == v1::EXEC_LIMIT_EXCEEDED);
    CHECK(r.metering.peak_memory_bytes() <= (4u << 20));
    CHECK(r.metering.peak_memory_bytes() > (3u << 20));
  }
}

TEST_CASE("a module whose initial memory is above the cap is refused") {
  for (auto& engine : engines()) {
    CAPTURE(engine->name());
    RunResult r = engine->run(request("matmul", "4", 1'000'000, 64 << 10));
    CHECK(r.status == v1::EXEC_LIMIT_EXCEEDED);
    CHECK(r.reason.rfind("memory cap: the module needs", 0) == 0);
  }
}

TEST_CASE("an unknown import is rejected at load") {
  auto prepared = wasm::prepare_module(read_module("unknown_import"), "run");
  REQUIRE_FALSE(prepared);
  CHECK(prepared.error().message == "imports unknown host function env.get_time");
  for (auto& engine : engines()) {
    RunResult r = engine->run(request("unknown_import", ""));
    CHECK(r.status == v1::EXEC_ERROR);
    CHECK(r.reason == "module invalid: imports unknown host function env.get_time");
  }
}

TEST_CASE("malformed bytes give a clear error, never a crash") {
  std::vector<Bytes> inputs = {Bytes{}, to_bytes("not wasm at all"),
                               Bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01}};
  Bytes truncated = read_module("sha256");
  truncated.resize(truncated.size() / 2);
  inputs.push_back(truncated);
  Bytes flipped = read_module("wordcount");
  for (std::size_t i = 8; i < flipped.size(); i += 7) flipped[i] ^= 0x5a;
  inputs.push_back(flipped);
  for (auto& engine : engines()) {
    for (const Bytes& code : inputs) {
      RunRequest r = request("sha256", "abc");
      r.code = code;
      RunResult result = engine->run(r);
      CHECK(result.status == v1::EXEC_ERROR);
      CHECK(result.reason.rfind("module invalid: ", 0) == 0);
      CHECK(result.reason.size() > std::string("module invalid: ").size());
    }
  }
}

TEST_CASE("a missing or mistyped entry point is reported") {
  for (auto& engine : engines()) {
    RunRequest r = request("sha256", "abc");
    r.spec.mutable_runtime()->set_entrypoint("main");
    RunResult result = engine->run(r);
    CHECK(result.status == v1::EXEC_ERROR);
    CHECK(result.reason == "module invalid: entry point main is not an exported function");
  }
}

TEST_CASE("the registry always offers the interpreter and prefers AOT when it works") {
  ProbeOptions options;
  options.kinds = {v1::RUNTIME_WASM};
  RuntimeRegistry registry = probe_runtimes(options);
  REQUIRE(registry.by_name("wasm-interp") != nullptr);
  REQUIRE(registry.find(v1::RUNTIME_WASM) != nullptr);
  CHECK(registry.kinds() == std::vector<v1::RuntimeKind>{v1::RUNTIME_WASM});
  CHECK(registry.find(v1::RUNTIME_CONTAINER) == nullptr);
  if (registry.by_name("wasm-aot")) CHECK(registry.find(v1::RUNTIME_WASM)->name() == "wasm-aot");
  options.wasm_aot = false;
  RuntimeRegistry interp_only = probe_runtimes(options);
  CHECK(interp_only.names() == std::vector<std::string>{"wasm-interp"});
}
