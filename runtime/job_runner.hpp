#pragma once
// Running a job spec the way an executor or a validator must: fetch the code and every input by
// content id, refuse any mismatch, derive the limits from the spec, run it on an engine and
// report what happened in the terms of an ExecutionReceipt. The simulator's REAL execution and
// the node's worker threads both call this. docs/runtimes.md, "The job runner".
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "proto/common.pb.h"
#include "proto/execution.pb.h"
#include "proto/job.pb.h"
#include "protocol/core/bytes.hpp"
#include "runtime/registry.hpp"
#include "runtime/wasm/content_store.hpp"

namespace icn::runtime {

/// Why no engine ran a job. Each is reported as EXEC_ERROR; the stage lets a caller tell a bad
/// spec (the CLI's exit 2) from a job that ran and failed.
enum class Refusal {
  kNone,           // an engine ran the job (or the cache answered for an identical run)
  kCodeFetch,      // runtime.code missing, unreadable, or its bytes do not match its hash
  kInputFetch,     // an input missing, unreadable, or its bytes do not match its hash
  kModuleInvalid,  // a WASM module that fails decoding, validation or the ABI check
  kNoEngine,       // no engine here serves the job's runtime kind (or the named engine)
};

/// What one run of a job produced, in the terms of an ExecutionReceipt.
struct JobOutcome {
  v1::ExecStatus status = v1::EXEC_ERROR;
  std::string detail;       // why, on anything but EXEC_OK (trap reason, hash mismatch, ...)
  std::string code_hash;    // content id the code was held to: the verified runtime.code hash,
                            // or for container jobs the pinned image digest (the engines refuse
                            // any other image); "" when the code was never verified
  std::string input_hash;   // icn::input_digest(spec), set once every input was verified
  std::string output_hash;  // content_id(output)
  Bytes output;
  v1::Metering metering;  // fuel for WASM (deterministic), cpu/wall ms, memory
  std::string engine;     // "wasm-interp", "wasm-aot", ... ("" when no engine was chosen)
  int exit_code = 0;      // process exit code (containers, native) or the WASM return value
  Refusal refusal = Refusal::kNone;
  bool from_cache = false;  // answered from the cache: metering is that of the run that filled it
};

struct JobRunnerOptions {
  ContentLookup lookup;               // where code and inputs are found
  std::string engine;                 // "" = the registry's preferred engine for the job's
                                      // kind; else an engine name, used for jobs of its kind
  bool cache = true;                  // memoize deterministic outcomes
  std::size_t cache_capacity = 4096;  // entries; least recently used evicted
  std::size_t cache_capacity_bytes = std::size_t{256} << 20;  // outputs + details held at most
};

class JobOutcomeCache;

/// Runs job specs the way an executor or validator must: fetch the code and every input by hash
/// (inline bytes, uri, or the content store), refuse any mismatch (EXEC_ERROR with a detail that
/// says which hash), derive the limits from the spec (limits_from_spec), run on the chosen engine,
/// and report a JobOutcome. Never throws for anything the spec or the job does.
/// Thread-safe: run() may be called from several worker threads at once; the cache is shared
/// and guarded, and concurrent runs of the same work wait for one engine run.
class JobRunner {
 public:
  JobRunner(RuntimeRegistry& registry, JobRunnerOptions options);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  JobOutcome run(const v1::JobSpec& spec);

  /// The cache key of `spec`: a content id over everything that can change the outcome (code
  /// hash, input content ids in order, runtime kind/entrypoint/args/env/image, the limits the
  /// engine gets, and the engine name), never over submitter/nonce/created_at, so identical work
  /// in different jobs shares one entry. An input without a hash is keyed by the content id of
  /// its bytes (inline, or fetched). "" when no key can be formed: no engine serves the job, or
  /// a hashless input cannot be fetched.
  std::string cache_key(const v1::JobSpec& spec) const;

  struct CacheStats {
    std::uint64_t hits = 0, misses = 0;
    std::size_t entries = 0;
  };
  /// hits: runs answered by the cache (also after waiting for an identical run in progress);
  /// misses: cacheable runs that had to run an engine. Runs that may not use the cache
  /// (see docs/runtimes.md) count as neither.
  CacheStats cache_stats() const;

 private:
  /// The engine that runs `spec` here, or nullptr.
  Runtime* engine_for(const v1::JobSpec& spec) const;

  RuntimeRegistry& registry_;
  JobRunnerOptions options_;
  std::unique_ptr<JobOutcomeCache> cache_;
};

/// Whether an outcome of `spec` is a pure function of the work, so that it may be cached:
/// WASM runs that finished OK, trapped or hit a deterministic limit (fuel, memory cap, output);
/// container and native runs only when the spec declares DETERMINISM_DETERMINISTIC and they
/// finished OK. Never refusals, timeouts or engine errors (they depend on this machine).
bool outcome_is_cacheable(const v1::JobSpec& spec, const JobOutcome& outcome);

}  // namespace icn::runtime
