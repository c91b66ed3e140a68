// The fuel-metering pass and the pieces around it: determinism of the metered module, what
// fuel counts, module limits, the content store, limits from a spec, and the pinned hashes
// of the example job specs.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "protocol/core/content_id.hpp"
#include "protocol/job/spec_parse.hpp"
#include "runtime/limits.hpp"
#include "runtime/wasm/content_store.hpp"
#include "runtime/wasm/host_abi.hpp"
#include "runtime/wasm/interp_runtime.hpp"
#include "runtime/wasm/module_prep.hpp"

using namespace icn;
using namespace icn::runtime;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

Bytes module(const std::string& name) {
  return to_bytes(read_text(fs::path(ICNMESH_BINARY_DIR) / "examples" / (name + ".wasm")));
}

std::uint64_t fuel_of(const std::string& name, const std::string& input) {
  RunRequest r;
  r.code = module(name);
  r.input = to_bytes(input);
  r.limits.max_fuel = 1'000'000'000;
  r.limits.memory_bytes = 16 << 20;
  RunResult result = wasm::WasmInterpRuntime().run(r);
  REQUIRE_MESSAGE(result.status == v1::EXEC_OK, result.reason);
  return result.metering.fuel();
}

}  // namespace

TEST_CASE("the metered module is deterministic and cached") {
  auto a = wasm::prepare_module_uncached(module("sha256"), "run");
  auto b = wasm::prepare_module_uncached(module("sha256"), "run");
  REQUIRE(a);
  REQUIRE(b);
  CHECK((*a)->metered == (*b)->metered);
  CHECK((*a)->metered_hash == content_id((*a)->metered));
  CHECK((*a)->code_hash == content_id(module("sha256")));
  CHECK((*a)->metered != module("sha256"));
  auto c1 = wasm::prepare_module(module("sha256"), "run");
  auto c2 = wasm::prepare_module(module("sha256"), "run");
  REQUIRE(c1);
  CHECK(c1->get() == c2->get());
}

TEST_CASE("fuel is a static count per executed region, linear in the work") {
  const std::uint64_t r1 = fuel_of("matmul", "8 1");
  const std::uint64_t r2 = fuel_of("matmul", "8 2");
  const std::uint64_t r3 = fuel_of("matmul", "8 3");
  CHECK(r1 < r2);
  // Each round costs the same; only printing the (different) checksum digits varies a little.
  const std::int64_t d1 = static_cast<std::int64_t>(r2 - r1),
                     d2 = static_cast<std::int64_t>(r3 - r2);
  CHECK(d1 > 10'000);
  CHECK(std::abs(d1 - d2) < 1'000);
  CHECK(fuel_of("matmul", "8 1") == r1);  // same input, same fuel
}

TEST_CASE("host calls are billed by the bytes they copy") {
  // wordcount reads 16 KiB chunks: more input costs more fuel even per identical byte loop.
  const std::uint64_t small = fuel_of("wordcount", std::string(100, 'a'));
  const std::uint64_t large = fuel_of("wordcount", std::string(200, 'a'));
  CHECK(large > small);
  RunRequest r;
  r.code = module("sha256");
  r.input = Bytes(1 << 20, 7);
  r.limits.max_fuel = 1'000'000'000;
  r.limits.memory_bytes = 16 << 20;
  RunResult ok = wasm::WasmInterpRuntime().run(r);
  REQUIRE(ok.status == v1::EXEC_OK);
  CHECK(ok.metering.fuel() > (1u << 20) / wasm::kHostBytesPerFuel);
}

TEST_CASE("module limits and ABI checks reject with a reason") {
  wasm::ModuleLimits tight;
  tight.max_functions = 1;
  auto too_many = wasm::prepare_module_uncached(module("sha256"), "run", tight);
  REQUIRE_FALSE(too_many);
  CHECK(too_many.error().code == "module_invalid");
  CHECK(too_many.error().message.find("functions, limit 1") != std::string::npos);

  tight = {};
  tight.max_module_bytes = 10;
  auto too_big = wasm::prepare_module_uncached(module("sha256"), "run", tight);
  REQUIRE_FALSE(too_big);
  CHECK(too_big.error().message.find("bytes, limit 10") != std::string::npos);

  // (module (func) (start 0) (func (export "run") (result i32) i32.const 0))
  const Bytes with_start = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60,
                            0x00, 0x00, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00, 0x01, 0x07,
                            0x07, 0x01, 0x03, 'r',  'u',  'n',  0x00, 0x01, 0x08, 0x01, 0x00, 0x0a,
                            0x09, 0x02, 0x02, 0x00, 0x0b, 0x04, 0x00, 0x41, 0x00, 0x0b};
  auto start = wasm::prepare_module_uncached(with_start, "run");
  REQUIRE_FALSE(start);
  CHECK(start.error().message.find("start function") != std::string::npos);

  auto wrong_entry = wasm::prepare_module_uncached(module("sha256"), "compress");
  REQUIRE_FALSE(wrong_entry);
  CHECK(wrong_entry.error().message == "entry point compress is not an exported function");
}

// Found by tests/fuzz/fuzz_module_prep: an `end` with no open block made wabt's IR reader
// fail an assertion (abort in icnmesh exec, Release build included).
TEST_CASE("a module whose blocks do not balance is refused with a reason, not an abort") {
  for (const char* name : {"unbalanced-end-1.wasm", "unbalanced-end-2.wasm"}) {
    const fs::path path =
        fs::path(ICNMESH_SOURCE_DIR) / "tests" / "fuzz" / "regressions" / "module_prep" / name;
    auto prepared = wasm::prepare_module_uncached(to_bytes(read_text(path)), "run");
    INFO(name);
    REQUIRE_FALSE(prepared);
    CHECK(prepared.error().code == "module_invalid");
  }
}

TEST_CASE("limits_from_spec takes the job's resources and fills defaults") {
  v1::JobSpec spec;
  Limits d = limits_from_spec(spec);
  CHECK(d.max_fuel == kDefaultMaxFuel);
  CHECK(d.memory_bytes == kDefaultMemoryBytes);
  CHECK(d.max_output_bytes == kDefaultMaxOutputBytes);
  CHECK(d.wall_time_ms == kDefaultWallTimeMs);
  spec.mutable_resources()->set_max_fuel(123);
  spec.mutable_resources()->set_memory_bytes(1 << 20);
  spec.mutable_resources()->set_max_output_bytes(77);
  spec.mutable_resources()->set_max_wall_time_ms(5);
  Limits l = limits_from_spec(spec);
  CHECK(l.max_fuel == 123);
  CHECK(l.memory_bytes == (1u << 20));
  CHECK(l.max_output_bytes == 77);
  CHECK(l.wall_time_ms == 5);
  spec.mutable_resources()->set_max_fuel(~std::uint64_t{0});
  CHECK(limits_from_spec(spec).max_fuel == kMaxFuel);
}

TEST_CASE("the content store finds code by hash and refuses bytes that do not match") {
  const Bytes code = module("wordcount");
  const std::string id = content_id(code);
  ContentLookup lookup;
  lookup.store_dirs = {"/nonexistent-dir", std::string(ICNMESH_BINARY_DIR) + "/store"};
  v1::CodeRef ref;
  ref.set_hash(id);
  ref.set_size(code.size());
  auto found = fetch_code(ref, lookup);
  REQUIRE_MESSAGE(found, found.error().message);
  CHECK(*found == code);

  ref.set_size(code.size() + 1);
  auto bad_size = fetch_code(ref, lookup);
  REQUIRE_FALSE(bad_size);
  CHECK(bad_size.error().code == "size_mismatch");

  ref.set_size(0);
  ref.set_inline_bytes("not the module");
  auto mismatch = fetch_code(ref, lookup);
  REQUIRE_FALSE(mismatch);
  CHECK(mismatch.error().code == "hash_mismatch");

  v1::CodeRef missing;
  missing.set_hash(content_id(to_bytes("nobody stored this")));
  auto not_found = fetch_code(missing, lookup);
  REQUIRE_FALSE(not_found);
  CHECK(not_found.error().code == "not_found");

  v1::CodeRef by_file;
  by_file.set_hash(id);
  by_file.set_uri("file:examples/wordcount.wasm");
  lookup.spec_dir = ICNMESH_BINARY_DIR;
  auto from_file = fetch_code(by_file, lookup);
  REQUIRE_MESSAGE(from_file, from_file.error().message);
  CHECK(*from_file == code);

  CHECK(store_file_name(id) == "sha256-" + id.substr(7));
}

TEST_CASE("every wasm example spec pins the hash of the module the build produced") {
  int checked = 0;
  for (const auto& entry :
       fs::directory_iterator(fs::path(ICNMESH_SOURCE_DIR) / "scenarios/jobs")) {
    const std::string file = entry.path().filename().string();
    if (file.rfind("wasm-", 0) != 0 || entry.path().extension() != ".pbtxt") continue;
    CAPTURE(file);
    auto spec = parse_spec(file, read_text(entry.path()));
    REQUIRE(spec);
    const std::string name = file.substr(5, file.size() - 5 - 6);
    const Bytes built = module(name);
    CHECK_MESSAGE(spec->runtime().code().hash() == content_id(built),
                  "runtime/examples/"
                      << name << " now builds to " << content_id(built)
                      << ": update the spec (or find what changed the compiler output)");
    CHECK(spec->runtime().code().size() == built.size());
    ++checked;
  }
  CHECK(checked >= 4);
}
