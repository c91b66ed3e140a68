// An embedder's program, built against the installed icnmesh package (find_package(icnmesh)):
// validates a job spec (icnmesh::protocol), runs it on a WASM engine (icnmesh::runtime) and runs
// a simulator scenario (icnmesh::sim).
//   icnmesh_consumer SPEC SCENARIO
// Exit 0 when the spec is valid, the job succeeded and the scenario's expectations held.
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "protocol/core/bytes.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_parse.hpp"
#include "protocol/job/spec_validate.hpp"
#include "runtime/limits.hpp"
#include "runtime/registry.hpp"
#include "runtime/wasm/content_store.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

// (1) Parse and validate the spec, as `icnmesh job validate` does.
bool validate(const std::string& path, icnmesh::v1::JobSpec& spec) {
  std::string text;
  if (!read_file(path, text)) {
    std::cerr << path << ": cannot read\n";
    return false;
  }
  auto parsed = icn::parse_spec(path, text);
  if (!parsed) {
    for (const auto& d : parsed.error()) std::cerr << icn::format_diagnostic(d) << "\n";
    return false;
  }
  // "now" = the spec's creation time: the answer does not depend on the wall clock.
  const auto problems = icn::validate_spec(*parsed, parsed->created_at_unix_ms());
  for (const auto& p : problems) std::cerr << icn::format_problem(path, p) << "\n";
  if (!problems.empty()) return false;
  spec = *parsed;
  std::cout << "spec: valid, job " << icn::job_id(spec) << "\n";
  return true;
}

// (2) Fetch the code and inputs by content id (hash-checked) and run the job on this machine's
// preferred engine for its kind, as `icnmesh exec` does.
bool run_job(const icnmesh::v1::JobSpec& spec) {
  namespace rt = icn::runtime;
  rt::ContentLookup lookup;
  lookup.store_dirs = rt::default_store_dirs({ICNMESH_STORE_DIR});
  rt::RunRequest request;
  request.spec = spec;
  request.limits = rt::limits_from_spec(spec);
  auto code = rt::fetch_code(spec.runtime().code(), lookup);
  if (!code) {
    std::cerr << "code: " << code.error().message << "\n";
    return false;
  }
  request.code = std::move(*code);
  for (const auto& input : spec.inputs()) {
    auto bytes = rt::fetch_input(input, lookup);
    if (!bytes) {
      std::cerr << "input " << input.name() << ": " << bytes.error().message << "\n";
      return false;
    }
    request.input.insert(request.input.end(), bytes->begin(), bytes->end());
  }
  rt::ProbeOptions probe;
  probe.kinds = {spec.runtime().kind()};
  rt::RuntimeRegistry registry = rt::probe_runtimes(probe);
  rt::Runtime* engine = registry.find(spec.runtime().kind());
  if (!engine) {
    std::cerr << "job: no engine for " << icnmesh::v1::RuntimeKind_Name(spec.runtime().kind())
              << "\n";
    return false;
  }
  const rt::RunResult result = engine->run(request);
  std::cout << "job: " << icnmesh::v1::ExecStatus_Name(result.status) << " on " << result.engine
            << ", fuel " << result.metering.fuel() << ", output " << icn::hex_encode(result.output)
            << "\n";
  if (result.status != icnmesh::v1::EXEC_OK) std::cerr << "job: " << result.reason << "\n";
  return result.status == icnmesh::v1::EXEC_OK;
}

// (3) Load a scenario and run it in the deterministic simulator.
bool run_scenario(const std::string& path) {
  auto scenario = icn::sim::load_scenario(path);
  if (!scenario) {
    for (const auto& e : scenario.error()) std::cerr << e << "\n";
    return false;
  }
  icn::sim::RunResult r;
  try {
    r = icn::sim::run_simulation(*scenario, {});
  } catch (const std::runtime_error& e) {  // a setup failure, e.g. invalid economics
    std::cerr << path << ": " << e.what() << "\n";
    return false;
  }
  std::cout << "scenario " << r.scenario << ": " << (r.ok() ? "ok" : "FAILED") << ", seed "
            << r.seed << ", " << r.events << " events, " << r.expectations.size()
            << " expectations, trace " << r.trace_hash << "\n";
  return r.ok();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: icnmesh_consumer SPEC SCENARIO\n";
    return 2;
  }
  icnmesh::v1::JobSpec spec;
  if (!validate(argv[1], spec)) return 1;
  if (!run_job(spec)) return 1;
  return run_scenario(argv[2]) ? 0 : 1;
}
