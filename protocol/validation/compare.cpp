#include "protocol/validation/compare.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "protocol/core/content_id.hpp"
#include "protocol/job/job_id.hpp"

namespace icn::validation {

namespace {

constexpr std::size_t kValueBytes = 8;

/// The little-endian binary64 value at `at` (independent of the host's byte order).
double read_f64_le(const std::string& bytes, std::size_t at) {
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < kValueBytes; ++i) {
    bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  double value = 0;
  static_assert(sizeof(value) == sizeof(bits), "binary64 is 8 bytes");
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

bool values_agree(double a, double b, double epsilon) {
  if (std::isnan(a) || std::isnan(b)) return false;
  return a == b || std::fabs(a - b) <= epsilon;
}

}  // namespace

ExecutionView view_of(const v1::ExecutionReceipt& receipt) {
  return ExecutionView{receipt.status(), receipt.output_hash(), receipt.output()};
}

bool within_tolerance(const std::string& a, const std::string& b, double epsilon) {
  if (!std::isfinite(epsilon) || epsilon < 0) return false;
  if (a.size() != b.size() || a.size() % kValueBytes != 0) return false;
  for (std::size_t at = 0; at < a.size(); at += kValueBytes) {
    if (!values_agree(read_f64_le(a, at), read_f64_le(b, at), epsilon)) return false;
  }
  return true;
}

bool outputs_agree(const v1::JobSpec& spec, const ExecutionView& receipt,
                   const ExecutionView& mine) {
  if (receipt.status != mine.status) return false;
  if (receipt.status != v1::EXEC_OK) return true;  // a failed run agrees on its status alone
  const bool tolerance = spec.accuracy().mode() == v1::ACCURACY_TOLERANCE &&
                         spec.determinism() == v1::DETERMINISM_NONDETERMINISTIC;
  if (!tolerance) return receipt.output_hash == mine.output_hash;
  return within_tolerance(receipt.output, mine.output, spec.accuracy().epsilon());
}

Expected<void> receipt_matches_job(const v1::JobSpec& spec, const v1::ExecutionReceipt& receipt) {
  const std::string& code = spec.runtime().code().hash();
  if (!code.empty() && receipt.code_hash() != code) {
    return fail(receipt_mismatch::code,
                "receipt code_hash '" + receipt.code_hash() + "' is not the job's code " + code);
  }
  const std::string inputs = input_digest(spec);
  if (receipt.input_hash() != inputs) {
    return fail(receipt_mismatch::input, "receipt input_hash '" + receipt.input_hash() +
                                             "' is not the job's input digest " + inputs);
  }
  if (!receipt.output().empty()) {
    const std::string actual = content_id(std::string_view(receipt.output()));
    if (actual != receipt.output_hash()) {
      return fail(receipt_mismatch::output, "receipt inline output hashes to " + actual +
                                                ", not its output_hash '" + receipt.output_hash() +
                                                "'");
    }
  }
  return {};
}

}  // namespace icn::validation
