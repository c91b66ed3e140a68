// icnmesh exec: runs one job locally, the way an executor would, and prints the result and
// its metering. docs/runtimes.md, "The exec command".
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "node/cli/cli.hpp"
#include "node/cli/input_file.hpp"
#include "protocol/core/content_id.hpp"
#include "protocol/job/spec_parse.hpp"
#include "protocol/job/spec_validate.hpp"
#include "runtime/job_runner.hpp"
#include "runtime/registry.hpp"
#include "runtime/wasm/content_store.hpp"

namespace icn::cli {
namespace {

namespace fs = std::filesystem;
using runtime::JobOutcome;

constexpr const char* kSynopsis =
    "icnmesh exec SPEC [--input FILE] [--engine interp|aot] [--json] [--store DIR]...\n"
    "Runs the job in SPEC (Protobuf text or JSON) locally and prints its result and metering.\n"
    "Code is found inline, by uri (file: relative to SPEC) or by hash in the content store\n"
    "(--store dirs, $ICNMESH_STORE, <icnmesh dir>/store, <icnmesh dir>/../share/icnmesh/store)\n"
    "and always hash-checked.\n"
    "Input: --input FILE, else the spec's inputs concatenated. Exit: 0 job succeeded,\n"
    "1 job failed (trap, limit, non-zero exit), 2 bad input.";

std::string read_file_or_throw(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read " + what);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const char* status_word(v1::ExecStatus s) {
  switch (s) {
    case v1::EXEC_OK:
      return "ok";
    case v1::EXEC_TRAP:
      return "trap";
    case v1::EXEC_LIMIT_EXCEEDED:
      return "limit_exceeded";
    case v1::EXEC_TIMEOUT:
      return "timeout";
    case v1::EXEC_ERROR:
      return "error";
    default:
      return "unspecified";
  }
}

bool printable(const Bytes& b) {
  for (std::uint8_t c : b)
    if (!(c == '\n' || c == '\t' || c == '\r' || (c >= 0x20 && c < 0x7f))) return false;
  return true;
}

constexpr std::size_t kMaxShownBytes = 4096;

void print_json(const JobOutcome& r) {
  nlohmann::json j;
  j["status"] = status_word(r.status);
  j["reason"] = r.detail;
  j["exit_code"] = r.exit_code;
  j["engine"] = r.engine;
  j["output_hash"] = r.output_hash;
  j["output_size"] = r.output.size();
  if (r.output.size() <= kMaxShownBytes) {
    if (printable(r.output))
      j["output"] = to_string(r.output);
    else
      j["output_hex"] = hex_encode(r.output);
  }
  j["metering"] = {{"fuel", r.metering.fuel()},
                   {"cpu_ms", r.metering.cpu_ms()},
                   {"peak_memory_bytes", r.metering.peak_memory_bytes()},
                   {"wall_ms", r.metering.wall_ms()},
                   {"output_bytes", r.metering.output_bytes()}};
  std::cout << j.dump(2) << "\n";
}

void print_human(const JobOutcome& r) {
  std::cout << "status:      " << status_word(r.status) << "\n";
  if (!r.detail.empty()) std::cout << "reason:      " << r.detail << "\n";
  std::cout << "exit code:   " << r.exit_code << "\n"
            << "engine:      " << r.engine << "\n"
            << "output:      " << r.output.size() << " bytes, " << r.output_hash << "\n"
            << "fuel:        " << r.metering.fuel() << "\n"
            << "wall:        " << r.metering.wall_ms() << " ms (cpu " << r.metering.cpu_ms()
            << " ms)\n"
            << "peak memory: " << r.metering.peak_memory_bytes() << " bytes\n";
  if (r.output.empty()) return;
  if (r.output.size() > kMaxShownBytes) {
    std::cout << "(output not shown: more than " << kMaxShownBytes << " bytes)\n";
  } else if (printable(r.output)) {
    std::cout << "--- output ---\n" << to_string(r.output);
    if (r.output.back() != '\n') std::cout << "\n";
  } else {
    std::cout << "output (hex): " << hex_encode(r.output) << "\n";
  }
}

}  // namespace

int cmd_exec(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("input", po::value<std::string>(), "file whose bytes are the job's input")(
      "engine", po::value<std::string>(), "wasm engine: interp or aot (default: aot if available)")(
      "json", "print the result as JSON")(
      "store", po::value<std::vector<std::string>>()->composing(), "content store directory");
  Parsed parsed = parse(args, options, {"spec"});
  if (parsed.help) {
    std::cout << usage_text(kSynopsis, options);
    return kOk;
  }
  if (!parsed.vm.count("spec")) throw UsageError("missing SPEC");
  const std::string spec_path = parsed.vm["spec"].as<std::string>();
  std::string engine_choice;
  if (parsed.vm.count("engine")) {
    engine_choice = parsed.vm["engine"].as<std::string>();
    if (engine_choice != "interp" && engine_choice != "aot")
      throw UsageError("--engine must be interp or aot, not " + engine_choice);
  }

  // The spec: parsed, then checked like any submitted job.
  auto text = read_input_file(spec_path, kMaxJobSpecBytes);
  if (!text) throw InputError(spec_path + ": cannot read the job spec: " + text.error().message);
  auto spec = parse_spec(spec_path, *text);
  if (!spec) {
    std::string msg;
    for (const auto& d : spec.error()) msg += (msg.empty() ? "" : "\n") + format_diagnostic(d);
    throw InputError(msg);
  }
  const auto now = static_cast<UnixMs>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  if (auto problems = validate_spec(*spec, now); !problems.empty()) {
    std::string msg;
    for (const auto& p : problems) msg += (msg.empty() ? "" : "\n") + format_problem(spec_path, p);
    throw InputError(msg);
  }

  const v1::RuntimeKind kind = spec->runtime().kind();
  runtime::JobRunnerOptions runner_options;
  runner_options.lookup.spec_dir = fs::path(spec_path).parent_path().string();
  std::vector<std::string> flag_dirs;
  if (parsed.vm.count("store")) flag_dirs = parsed.vm["store"].as<std::vector<std::string>>();
  runner_options.lookup.store_dirs = runtime::default_store_dirs(flag_dirs);
  runner_options.cache = false;  // one run per process: nothing to share it with
  if (parsed.vm.count("input")) {
    // The file becomes the job's only input, inline and named by its own content id, so the
    // runner fetches and checks it like any other input.
    const std::string path = parsed.vm["input"].as<std::string>();
    const std::string bytes = read_file_or_throw(path, "the input");
    spec->clear_inputs();
    v1::Input* input = spec->add_inputs();
    input->set_name(path);
    input->set_hash(content_id(std::string_view(bytes)));
    input->set_size(bytes.size());
    input->set_inline_bytes(bytes);
  }

  runtime::ProbeOptions probe;
  probe.kinds = {kind};
  probe.wasm_aot = engine_choice != "interp";
  runtime::RuntimeRegistry registry = runtime::probe_runtimes(probe);
  runtime::JobRunner runner(registry, std::move(runner_options));
  const JobOutcome result = runner.run(*spec);
  switch (result.refusal) {
    case runtime::Refusal::kCodeFetch:
    case runtime::Refusal::kInputFetch:
      throw InputError(spec_path + ": " + result.detail);
    case runtime::Refusal::kModuleInvalid: {
      // A malformed module is bad input (exit 2), not a failed job; name where it came from.
      const auto& code = spec->runtime().code();
      const std::string where = code.has_inline_bytes()             ? spec_path + " (inline code)"
                                : code.uri().rfind("file:", 0) == 0 ? code.uri().substr(5)
                                                                    : code.hash();
      throw InputError(where + ": " + result.detail);
    }
    case runtime::Refusal::kNoEngine:
      std::cerr << "icnmesh exec: " << result.detail << "\n";
      return kFailed;
    case runtime::Refusal::kNone:
      break;
  }
  if (kind == v1::RUNTIME_WASM && engine_choice == "aot" && !registry.by_name("wasm-aot"))
    std::cerr << "icnmesh exec: no working C compiler for wasm-aot; using wasm-interp\n";

  if (parsed.vm.count("json"))
    print_json(result);
  else
    print_human(result);
  if (result.status != v1::EXEC_OK && !parsed.vm.count("json"))
    std::cerr << "icnmesh exec: job failed: " << status_word(result.status)
              << (result.detail.empty() ? "" : ": " + result.detail) << "\n";
  return result.status == v1::EXEC_OK ? kOk : kFailed;
}

}  // namespace icn::cli
