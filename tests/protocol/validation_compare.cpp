// What a validator votes: outputs_agree and receipt_matches_job
// (protocol/validation/compare.hpp, docs/job-specs.md "Output comparison").
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>

#include "protocol/core/content_id.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/validation/compare.hpp"

using namespace icn;
using icn::validation::ExecutionView;
using icn::validation::outputs_agree;

namespace {

/// Little-endian binary64 bytes of `values`.
std::string f64s(std::initializer_list<double> values) {
  std::string out;
  for (double v : values) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof(v));
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  return out;
}

v1::JobSpec exact_spec() {
  return v1::JobSpec{};
}

v1::JobSpec tolerance_spec(double epsilon) {
  v1::JobSpec spec;
  spec.set_determinism(v1::DETERMINISM_NONDETERMINISTIC);
  spec.mutable_accuracy()->set_mode(v1::ACCURACY_TOLERANCE);
  spec.mutable_accuracy()->set_epsilon(epsilon);
  return spec;
}

ExecutionView ok(const std::string& output) {
  return ExecutionView{v1::EXEC_OK, content_id(std::string_view(output)), output};
}

}  // namespace

TEST_CASE("exact accuracy: same status and same output hash") {
  const auto spec = exact_spec();
  CHECK(outputs_agree(spec, ok("42"), ok("42")));
  CHECK_FALSE(outputs_agree(spec, ok("42"), ok("43")));
  ExecutionView trap{v1::EXEC_TRAP, "", ""};
  CHECK_FALSE(outputs_agree(spec, ok("42"), trap));
  CHECK_FALSE(outputs_agree(spec, trap, ok("42")));
}

TEST_CASE("a failed run agrees on its status alone") {
  const auto spec = exact_spec();
  for (auto status : {v1::EXEC_TRAP, v1::EXEC_LIMIT_EXCEEDED, v1::EXEC_TIMEOUT, v1::EXEC_ERROR}) {
    INFO("status " << status);
    ExecutionView receipt{status, content_id(std::string_view("partial")), "partial"};
    ExecutionView mine{status, content_id(std::string_view("other")), "other"};
    CHECK(outputs_agree(spec, receipt, mine));
  }
  CHECK_FALSE(outputs_agree(spec, ExecutionView{v1::EXEC_TRAP, "", ""},
                            ExecutionView{v1::EXEC_TIMEOUT, "", ""}));
}

TEST_CASE("tolerance: values within epsilon agree, the boundary included") {
  const auto spec = tolerance_spec(0.5);
  CHECK(outputs_agree(spec, ok(f64s({1.0, 2.0})), ok(f64s({1.25, 1.5}))));  // 0.25, exactly 0.5
  CHECK_FALSE(outputs_agree(spec, ok(f64s({1.0, 2.0})), ok(f64s({1.0, 2.5000001}))));
  CHECK(outputs_agree(spec, ok(f64s({-0.0})), ok(f64s({0.0}))));
  CHECK(outputs_agree(spec, ok(""), ok("")));  // two empty arrays
  // The output hashes differ, yet the values agree: tolerance ignores the hash.
  CHECK(ok(f64s({1.0})).output_hash != ok(f64s({1.1})).output_hash);
  CHECK(outputs_agree(spec, ok(f64s({1.0})), ok(f64s({1.1}))));
}

TEST_CASE("tolerance edge cases: lengths, trailing bytes, NaN, infinities, epsilon") {
  const auto spec = tolerance_spec(1e-9);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_FALSE(outputs_agree(spec, ok(f64s({1.0})), ok(f64s({1.0, 1.0}))));         // lengths differ
  CHECK_FALSE(outputs_agree(spec, ok(f64s({1.0}) + "x"), ok(f64s({1.0}) + "x")));  // 9 bytes
  CHECK_FALSE(outputs_agree(spec, ok("abc"), ok("abc")));              // not a multiple of 8
  CHECK_FALSE(outputs_agree(spec, ok(f64s({nan})), ok(f64s({nan}))));  // NaN never agrees
  CHECK_FALSE(outputs_agree(spec, ok(f64s({1.0, nan})), ok(f64s({1.0, 1.0}))));
  CHECK(outputs_agree(spec, ok(f64s({inf, -inf})), ok(f64s({inf, -inf}))));
  CHECK_FALSE(outputs_agree(spec, ok(f64s({inf})), ok(f64s({-inf}))));
  CHECK_FALSE(outputs_agree(spec, ok(f64s({inf})), ok(f64s({1e308}))));
  CHECK_FALSE(validation::within_tolerance(f64s({1.0}), f64s({1.0}), -1));
  CHECK_FALSE(validation::within_tolerance(f64s({1.0}), f64s({1.0}), nan));
  CHECK_FALSE(validation::within_tolerance(f64s({1.0}), f64s({1.0}), inf));
  CHECK(validation::within_tolerance(f64s({1.0}), f64s({1.0}), 0));
}

TEST_CASE("tolerance applies only to nondeterministic jobs; a failed status still must match") {
  auto spec = tolerance_spec(0.5);
  spec.set_determinism(v1::DETERMINISM_DETERMINISTIC);  // illegal spec: exact comparison
  CHECK_FALSE(outputs_agree(spec, ok(f64s({1.0})), ok(f64s({1.1}))));
  const auto tol = tolerance_spec(0.5);
  ExecutionView trap{v1::EXEC_TRAP, "", ""};
  CHECK_FALSE(outputs_agree(tol, ok(f64s({1.0})), trap));
}

TEST_CASE("the little-endian layout is fixed: bytes, not the host's double") {
  // 1.0 is 0x3FF0000000000000: little-endian bytes 00 00 00 00 00 00 F0 3F.
  const std::string one("\x00\x00\x00\x00\x00\x00\xf0\x3f", 8);
  CHECK(one == f64s({1.0}));
  const std::string big_endian_one("\x3f\xf0\x00\x00\x00\x00\x00\x00", 8);
  CHECK(validation::within_tolerance(one, f64s({1.0}), 0));
  CHECK_FALSE(validation::within_tolerance(big_endian_one, f64s({1.0}), 1e-6));
}

// ---------------------------------------------------------------- receipt_matches_job

namespace {
v1::JobSpec job_with_code_and_inputs() {
  v1::JobSpec spec;
  spec.mutable_runtime()->mutable_code()->set_hash(content_id(std::string_view("code")));
  spec.add_inputs()->set_hash(content_id(std::string_view("input 1")));
  spec.add_inputs()->set_hash(content_id(std::string_view("input 2")));
  return spec;
}

v1::ExecutionReceipt matching_receipt(const v1::JobSpec& spec) {
  v1::ExecutionReceipt r;
  r.set_code_hash(spec.runtime().code().hash());
  r.set_input_hash(input_digest(spec));
  r.set_output("result");
  r.set_output_hash(content_id(std::string_view("result")));
  r.set_status(v1::EXEC_OK);
  return r;
}
}  // namespace

TEST_CASE("receipt_matches_job accepts a receipt about this job's code, inputs and output") {
  const auto spec = job_with_code_and_inputs();
  CHECK(validation::receipt_matches_job(spec, matching_receipt(spec)).has_value());
  auto by_hash = matching_receipt(spec);
  by_hash.clear_output();  // a large output travels by hash only: nothing to check inline
  by_hash.set_output_hash(content_id(std::string_view("large")));
  CHECK(validation::receipt_matches_job(spec, by_hash).has_value());
  v1::JobSpec container = spec;
  container.mutable_runtime()->clear_code();  // no code named: code_hash is not checked
  auto any_code = matching_receipt(container);
  any_code.set_code_hash("sha256:whatever");
  CHECK(validation::receipt_matches_job(container, any_code).has_value());
}

TEST_CASE("receipt_matches_job names the field that does not match") {
  const auto spec = job_with_code_and_inputs();
  auto code = matching_receipt(spec);
  code.set_code_hash(content_id(std::string_view("other code")));
  auto e = validation::receipt_matches_job(spec, code);
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().code == "code_mismatch");

  auto input = matching_receipt(spec);
  input.set_input_hash(
      content_id(std::string_view("input 1")));  // one input's hash, not the digest
  e = validation::receipt_matches_job(spec, input);
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().code == "input_mismatch");

  auto output = matching_receipt(spec);
  output.set_output("tampered");
  e = validation::receipt_matches_job(spec, output);
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().code == "output_mismatch");
  CHECK(e.error().message.find(content_id(std::string_view("tampered"))) != std::string::npos);
}
