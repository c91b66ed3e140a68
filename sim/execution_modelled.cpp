#include <algorithm>
#include <cstring>

#include "protocol/core/content_id.hpp"
#include "protocol/crypto/sha256.hpp"
#include "protocol/job/job_id.hpp"
#include "sim/execution.hpp"

namespace icn::sim {
namespace {

DurationMs modelled_run_ms(const std::string& job_id, std::uint64_t max_wall_time_ms) {
  const std::uint64_t wall = max_wall_time_ms == 0 ? 1000 : max_wall_time_ms;
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a of the job id: fixed per job
  for (unsigned char c : job_id) h = (h ^ c) * 1099511628211ULL;
  const std::uint64_t percent = 20 + h % 41;  // 20..60
  return std::max<std::uint64_t>(1, wall * percent / 100);
}

std::string modelled_output(const std::string& job_id) {
  const Digest d = sha256(to_bytes("icnmesh/sim-output/v1\n" + job_id));
  std::string out;
  for (int i = 0; i < 4; ++i) {
    std::uint64_t bits = 0;
    for (int b = 0; b < 8; ++b) bits = bits << 8 | d[static_cast<std::size_t>(i * 8 + b)];
    const double value = static_cast<double>(bits >> 11) * 0x1.0p-53 * 1000.0;  // [0, 1000)
    char raw[8];
    std::memcpy(raw, &value, 8);  // x86-64 and every supported target are little-endian
    out.append(raw, 8);
  }
  return out;
}

class ModelledExecution : public SimExecution {
 public:
  Completion run(const actors::ExecutionOrder& order) override {
    Completion c;
    auto& r = c.result;
    r.status = v1::EXEC_OK;
    r.code_hash = order.spec.runtime().code().hash();
    r.input_hash = icn::input_digest(order.spec);
    r.output = modelled_output(order.job_id);
    r.output_hash = content_id(to_bytes(r.output));
    r.engine = "modelled";
    c.duration_ms = modelled_run_ms(order.job_id, order.spec.resources().max_wall_time_ms());
    r.metering.set_wall_ms(c.duration_ms);
    r.metering.set_cpu_ms(c.duration_ms);
    return c;
  }
};

}  // namespace

std::unique_ptr<SimExecution> make_modelled_execution() {
  return std::make_unique<ModelledExecution>();
}

}  // namespace icn::sim
