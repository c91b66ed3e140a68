#include <filesystem>
#include <stdexcept>

#include "runtime/job_runner.hpp"
#include "runtime/registry.hpp"
#include "runtime/wasm/content_store.hpp"
#include "sim/execution.hpp"

namespace icn::sim {
namespace {

class RealExecution : public SimExecution {
 public:
  RealExecution(const v1::ExecutionModel& model, const std::string& scenario_dir)
      : fuel_per_ms_(model.fuel_per_ms() ? model.fuel_per_ms() : kDefaultFuelPerMs),
        modelled_(make_modelled_execution()) {
    const std::string engine = model.engine().empty() ? "wasm-interp" : model.engine();
    runtime::ProbeOptions probe;
    probe.wasm_aot = engine == "wasm-aot";
    registry_ = runtime::probe_runtimes(probe);
    if (!registry_.by_name(engine))
      throw std::runtime_error("execution.engine: \"" + engine + "\" is not available here");
    // The named engine runs the WASM jobs; other kinds get the machine's preferred engine.
    runtime::JobRunnerOptions options;
    options.lookup.spec_dir = scenario_dir;
    options.lookup.store_dirs = runtime::default_store_dirs({});
    options.engine = engine;
    runner_ = std::make_unique<runtime::JobRunner>(registry_, options);
  }

  Completion run(const actors::ExecutionOrder& order) override {
    const bool is_wasm = order.spec.runtime().kind() == v1::RUNTIME_WASM;
    runtime::JobOutcome out = runner_->run(order.spec);
    Completion c;
    auto& r = c.result;
    r.status = out.status;
    r.detail = std::move(out.detail);
    r.code_hash = std::move(out.code_hash);
    r.input_hash = std::move(out.input_hash);
    r.output_hash = std::move(out.output_hash);
    r.output.assign(out.output.begin(), out.output.end());
    r.metering = out.metering;
    r.engine = std::move(out.engine);
    // Simulated time must not depend on the host: WASM runs are timed by their fuel, which is
    // deterministic; anything else takes the modelled duration.
    c.duration_ms = is_wasm ? std::max<std::uint64_t>(1, out.metering.fuel() / fuel_per_ms_)
                            : modelled_->run(order).duration_ms;
    r.metering.set_wall_ms(c.duration_ms);
    r.metering.set_cpu_ms(c.duration_ms);
    return c;
  }

  std::uint64_t cache_hits() const override { return runner_->cache_stats().hits; }
  std::uint64_t real_runs() const override { return runner_->cache_stats().misses; }

 private:
  std::uint64_t fuel_per_ms_;
  std::unique_ptr<SimExecution> modelled_;
  runtime::RuntimeRegistry registry_;
  std::unique_ptr<runtime::JobRunner> runner_;
};

}  // namespace

std::unique_ptr<SimExecution> make_real_execution(const v1::ExecutionModel& model,
                                                  const std::string& scenario_dir) {
  return std::make_unique<RealExecution>(model, scenario_dir);
}

}  // namespace icn::sim
