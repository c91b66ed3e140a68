#include "runtime/job_runner.hpp"

#include <exception>
#include <utility>
#include <vector>

#include "protocol/core/content_id.hpp"
#include "protocol/job/job_id.hpp"
#include "runtime/job_cache.hpp"
#include "runtime/limits.hpp"
#include "runtime/wasm/module_prep.hpp"

namespace icn::runtime {
namespace {

/// Domain separation: a cache key can never equal the content id of some other blob. Bump the
/// version whenever what the key covers changes.
constexpr std::string_view kKeyDomain = "icnmesh/job-runner-key/v1\n";

/// The code and input bytes of a job, verified against the spec's hashes.
struct FetchedWork {
  Bytes code;
  Bytes input;                         // every input, concatenated in spec order
  std::vector<std::string> input_ids;  // content id of each input's bytes, in spec order
};

JobOutcome refused(Refusal why, std::string detail) {
  JobOutcome outcome;
  outcome.status = v1::EXEC_ERROR;
  outcome.refusal = why;
  outcome.detail = std::move(detail);
  outcome.output_hash = content_id(Bytes{});
  return outcome;
}

std::string input_label(const v1::JobSpec& spec, int index) {
  return "inputs[" + std::to_string(index) + "] (" + spec.inputs(index).name() + ")";
}

/// The spec's hash when it names one (the bytes were checked against it); otherwise the content
/// id of the bytes themselves, so hashless inputs still key by what they are.
std::string input_id(const v1::Input& input, ByteView bytes) {
  return input.hash().empty() ? content_id(bytes) : input.hash();
}

std::string work_key(const v1::JobSpec& spec, const std::vector<std::string>& input_ids,
                     const std::string& engine) {
  const v1::Runtime& rt = spec.runtime();
  Bytes key = to_bytes(kKeyDomain);
  append_u32_be(key, static_cast<std::uint32_t>(rt.kind()));
  append_length_prefixed(key, std::string_view(rt.code().hash()));
  append_length_prefixed(key, std::string_view(rt.entrypoint()));
  append_u32_be(key, static_cast<std::uint32_t>(rt.args_size()));
  for (const auto& arg : rt.args()) append_length_prefixed(key, std::string_view(arg));
  append_u32_be(key, static_cast<std::uint32_t>(rt.env_size()));
  for (const auto& var : rt.env()) {
    append_length_prefixed(key, std::string_view(var.name()));
    append_length_prefixed(key, std::string_view(var.value()));
  }
  append_length_prefixed(key, std::string_view(rt.image().name()));
  append_length_prefixed(key, std::string_view(rt.image().digest()));
  append_u32_be(key, static_cast<std::uint32_t>(input_ids.size()));
  for (const auto& id : input_ids) append_length_prefixed(key, std::string_view(id));
  // The limits the engine actually gets: a 0 field and its default share an entry, and
  // resource fields no engine reads (storage, gpus) do not split entries.
  const Limits limits = limits_from_spec(spec);
  append_u64_be(key, limits.max_fuel);
  append_u64_be(key, limits.memory_bytes);
  append_u64_be(key, limits.wall_time_ms);
  append_u64_be(key, limits.cpu_time_ms);
  append_u64_be(key, limits.max_output_bytes);
  append_u32_be(key, limits.max_pids);
  append_u32_be(key, limits.cpu_millicores);
  append_u32_be(key, limits.network ? 1 : 0);
  append_length_prefixed(key, std::string_view(engine));
  return content_id(key);
}

/// Fetches and verifies the code (not for containers: their image is checked by the engine
/// against the pinned digest) and every input.
tl::expected<FetchedWork, JobOutcome> fetch_work(const v1::JobSpec& spec,
                                                 const ContentLookup& lookup) {
  FetchedWork work;
  if (spec.runtime().kind() != v1::RUNTIME_CONTAINER) {
    auto code = fetch_code(spec.runtime().code(), lookup);
    if (!code)
      return tl::unexpected(refused(Refusal::kCodeFetch, "runtime.code: " + code.error().message));
    work.code = std::move(*code);
  }
  for (int i = 0; i < spec.inputs_size(); ++i) {
    auto bytes = fetch_input(spec.inputs(i), lookup);
    if (!bytes)
      return tl::unexpected(
          refused(Refusal::kInputFetch, input_label(spec, i) + ": " + bytes.error().message));
    work.input_ids.push_back(input_id(spec.inputs(i), *bytes));
    work.input.insert(work.input.end(), bytes->begin(), bytes->end());
  }
  return work;
}

std::string code_hash_of(const v1::JobSpec& spec) {
  return spec.runtime().kind() == v1::RUNTIME_CONTAINER ? spec.runtime().image().digest()
                                                        : spec.runtime().code().hash();
}

JobOutcome run_engine(Runtime& engine, const v1::JobSpec& spec, FetchedWork work) {
  RunRequest request;
  request.spec = spec;
  request.code = std::move(work.code);
  request.input = std::move(work.input);
  request.limits = limits_from_spec(spec);
  RunResult result;
  try {
    result = engine.run(request);
  } catch (const std::exception& e) {
    // Engines report job faults as results; an exception is the host failing (memory, I/O).
    JobOutcome outcome =
        refused(Refusal::kNone, "engine " + engine.name() + " failed: " + e.what());
    outcome.engine = engine.name();
    return outcome;
  }
  JobOutcome outcome;
  outcome.status = result.status;
  outcome.detail = std::move(result.reason);
  outcome.output = std::move(result.output);
  outcome.output_hash =
      result.output_hash.empty() ? content_id(outcome.output) : std::move(result.output_hash);
  outcome.metering = std::move(result.metering);
  outcome.engine = std::move(result.engine);
  outcome.exit_code = result.exit_code;
  return outcome;
}

}  // namespace

bool outcome_is_cacheable(const v1::JobSpec& spec, const JobOutcome& outcome) {
  if (outcome.refusal != Refusal::kNone) return false;
  if (spec.runtime().kind() == v1::RUNTIME_WASM)
    return outcome.status == v1::EXEC_OK || outcome.status == v1::EXEC_TRAP ||
           outcome.status == v1::EXEC_LIMIT_EXCEEDED;
  return spec.determinism() == v1::DETERMINISM_DETERMINISTIC && outcome.status == v1::EXEC_OK;
}

JobRunner::JobRunner(RuntimeRegistry& registry, JobRunnerOptions options)
    : registry_(registry),
      options_(std::move(options)),
      cache_(std::make_unique<JobOutcomeCache>(options_.cache_capacity,
                                               options_.cache_capacity_bytes)) {}

JobRunner::~JobRunner() = default;

Runtime* JobRunner::engine_for(const v1::JobSpec& spec) const {
  const v1::RuntimeKind kind = spec.runtime().kind();
  if (!options_.engine.empty()) {
    Runtime* named = registry_.by_name(options_.engine);
    if (named == nullptr) return nullptr;
    if (named->kind() == kind) return named;
  }
  return registry_.find(kind);
}

std::string JobRunner::cache_key(const v1::JobSpec& spec) const {
  const Runtime* engine = engine_for(spec);
  if (engine == nullptr) return "";
  std::vector<std::string> input_ids;
  for (const auto& input : spec.inputs()) {
    if (!input.hash().empty()) {
      input_ids.push_back(input.hash());
    } else if (input.has_inline_bytes()) {
      input_ids.push_back(content_id(std::string_view(input.inline_bytes())));
    } else {
      auto bytes = fetch_input(input, options_.lookup);
      if (!bytes) return "";
      input_ids.push_back(content_id(*bytes));
    }
  }
  return work_key(spec, input_ids, engine->name());
}

JobRunner::CacheStats JobRunner::cache_stats() const {
  const JobOutcomeCache::Stats stats = cache_->stats();
  return CacheStats{stats.hits, stats.misses, stats.entries};
}

JobOutcome JobRunner::run(const v1::JobSpec& spec) try {
  // Fetch and verify first, even when identical work is cached: the cache answers only for
  // bytes this call has seen match their hashes.
  auto work = fetch_work(spec, options_.lookup);
  if (!work) {
    if (work.error().refusal == Refusal::kInputFetch) work.error().code_hash = code_hash_of(spec);
    return std::move(work.error());
  }
  const std::string code_hash = code_hash_of(spec);
  const std::string input_hash = input_digest(spec);
  auto stamp = [&](JobOutcome outcome) {
    outcome.code_hash = code_hash;
    outcome.input_hash = input_hash;
    return outcome;
  };

  if (spec.runtime().kind() == v1::RUNTIME_WASM) {
    // A malformed module is a bad spec, not a failed run; the engine's own preparation of the
    // same bytes is then a hit in prepare_module's cache.
    const std::string entry =
        spec.runtime().entrypoint().empty() ? "run" : spec.runtime().entrypoint();
    auto prepared = wasm::prepare_module(work->code, entry);
    if (!prepared)
      return stamp(refused(Refusal::kModuleInvalid, "module invalid: " + prepared.error().message));
  }

  Runtime* engine = engine_for(spec);
  if (engine == nullptr) {
    const bool named_missing =
        !options_.engine.empty() && registry_.by_name(options_.engine) == nullptr;
    return stamp(refused(Refusal::kNoEngine,
                         named_missing
                             ? "no engine named " + options_.engine + " on this machine"
                             : "no engine on this machine runs " +
                                   v1::RuntimeKind_Name(spec.runtime().kind()) + " jobs"));
  }

  const bool may_use_cache = options_.cache && options_.cache_capacity > 0 &&
                             (spec.runtime().kind() == v1::RUNTIME_WASM ||
                              spec.determinism() == v1::DETERMINISM_DETERMINISTIC);
  if (!may_use_cache) return stamp(run_engine(*engine, spec, std::move(*work)));

  auto lookup = cache_->find_or_claim(work_key(spec, work->input_ids, engine->name()));
  if (lookup.hit) {
    JobOutcome outcome = stamp(*lookup.hit);
    outcome.from_cache = true;
    return outcome;
  }
  JobOutcome outcome = stamp(run_engine(*engine, spec, std::move(*work)));
  if (lookup.claim.held() && outcome_is_cacheable(spec, outcome)) lookup.claim.store(outcome);
  return outcome;
} catch (const std::exception& e) {
  // Only the host can get here (out of memory); a job or spec fault is always a result.
  return refused(Refusal::kNone, std::string("the job runner failed: ") + e.what());
}

}  // namespace icn::runtime
