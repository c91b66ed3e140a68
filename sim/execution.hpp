#pragma once
// Execution in the simulator (the world service behind World::execute), per scenario:
// MODELLED -- duration and output derived from the job (fast, for large runs), or REAL -- the
// job's actual module through the runtimes, with results cached by everything that decides
// them, so the k validators of a job do not pay k times in wall time. Either way the result
// reaches the role as a message after the simulated duration.
#include <cstdint>
#include <memory>
#include <string>

#include "actors/execution.hpp"
#include "proto/scenario.pb.h"
#include "protocol/core/time.hpp"

namespace icn::sim {

namespace v1 = icnmesh::v1;

struct Completion {
  actors::ExecutionResult result;
  DurationMs duration_ms = 1;  // simulated time the run takes on a nominal (speed 100) node
};

class SimExecution {
 public:
  virtual ~SimExecution() = default;
  virtual Completion run(const actors::ExecutionOrder& order) = 0;
  /// Runs served from the cache (REAL) or 0.
  virtual std::uint64_t cache_hits() const { return 0; }
  virtual std::uint64_t real_runs() const { return 0; }
};

/// The modelled run of a job: it takes 20..60 % of max_wall_time_ms (1 s when unset), fixed
/// per job id; it succeeds; its output is four little-endian doubles derived from the job id
/// (so both exact and tolerance comparisons apply), and its hashes are the job's own.
std::unique_ptr<SimExecution> make_modelled_execution();

/// A nominal node runs this many WASM instructions (fuel) per simulated millisecond, when the
/// scenario's execution.fuel_per_ms is 0.
inline constexpr std::uint64_t kDefaultFuelPerMs = 100'000;

/// Real execution through runtime::JobRunner (engine "wasm-interp" or "wasm-aot"; code and
/// inputs from the spec, from file: uris relative to `scenario_dir`, or the content store).
/// The simulated duration of a WASM run is fuel / fuel_per_ms (deterministic); other runtimes
/// take the modelled duration. Throws std::runtime_error when the engine is unavailable.
std::unique_ptr<SimExecution> make_real_execution(const v1::ExecutionModel& model,
                                                  const std::string& scenario_dir);

}  // namespace icn::sim
