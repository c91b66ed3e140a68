// icnmesh job: work with job spec files (docs/job-specs.md).
//   icnmesh job validate FILE [--now UNIX_MS] [--json]
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "node/cli/cli.hpp"
#include "node/cli/input_file.hpp"
#include "protocol/core/error.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_parse.hpp"
#include "protocol/job/spec_summary.hpp"
#include "protocol/job/spec_validate.hpp"

namespace icn::cli {

namespace {

constexpr const char* kJobSynopsis =
    "icnmesh job <verb> [options]\n\n"
    "verbs:\n"
    "  validate FILE   check a job spec file (.pbtxt text format or .json) and print its\n"
    "                  job id and a summary; every error is listed (exit 2 when invalid)\n";
constexpr const char* kValidateSynopsis = "icnmesh job validate FILE [--now UNIX_MS] [--json]";

po::options_description validate_options() {
  po::options_description options("options");
  options.add_options()("now", po::value<std::string>()->value_name("UNIX_MS"),
                        "the instant (Unix ms) deadlines are checked against; default: now")(
      "json", "print the result as one JSON object on stdout");
  return options;
}

int usage_failure(const std::string& message, const std::string& usage) {
  std::cerr << "icnmesh job: " << message << "\n" << usage;
  return kUsage;
}

// Spec text may hold invalid UTF-8 (quoted back in error messages); replace it rather than
// throw, so --json output is always produced.
std::string dump_json(const nlohmann::json& value) {
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

UnixMs wall_clock_ms() {
  using namespace std::chrono;
  return static_cast<UnixMs>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

int validate(const std::vector<std::string>& args) {
  auto options = validate_options();
  Parsed parsed;
  try {
    parsed = parse(args, options, {"file"});
  } catch (const UsageError& e) {
    return usage_failure(e.what(), usage_text(kValidateSynopsis, options));
  }
  if (parsed.help) {
    std::cout << usage_text(kValidateSynopsis, options);
    return kOk;
  }
  if (!parsed.vm.count("file")) {
    return usage_failure("validate needs a FILE", usage_text(kValidateSynopsis, options));
  }
  const auto file = parsed.vm["file"].as<std::string>();
  const bool as_json = parsed.vm.count("json") > 0;
  UnixMs now = wall_clock_ms();
  if (parsed.vm.count("now")) {
    const auto text = parsed.vm["now"].as<std::string>();
    bool digits = !text.empty() && text.size() <= 19 &&
                  text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) {
      return usage_failure("--now needs Unix milliseconds, got '" + text + "'",
                           usage_text(kValidateSynopsis, options));
    }
    now = std::stoull(text);
  }

  nlohmann::json report = {{"file", file}};
  auto contents = read_input_file(file, kMaxJobSpecBytes);
  if (!contents) {
    std::string line = file + ": cannot read: " + contents.error().message;
    std::cerr << line << "\n";
    if (as_json) {
      report["valid"] = false;
      report["errors"] = nlohmann::json::array({{{"message", line}}});
      std::cout << dump_json(report) << "\n";
    }
    return kUsage;
  }

  auto spec = parse_spec(file, *contents);
  nlohmann::json errors = nlohmann::json::array();
  if (!spec) {
    for (const auto& d : spec.error()) {
      std::cerr << format_diagnostic(d) << "\n";
      errors.push_back(nlohmann::json{{"line", d.line}, {"col", d.col}, {"message", d.message}});
    }
  } else {
    for (const auto& problem : validate_spec(*spec, now)) {
      std::cerr << format_problem(file, problem) << "\n";
      errors.push_back(nlohmann::json{{"field", problem.field_path}, {"reason", problem.reason}});
    }
  }
  const bool valid = errors.empty();

  if (as_json) {
    report["valid"] = valid;
    if (valid) {
      report["job_id"] = job_id(*spec);
      report["input_digest"] = input_digest(*spec);
      report["name"] = spec->name();
      report["submitter"] = spec->submitter();
      if (auto escrow = escrow_needed(spec->payment())) report["escrow"] = *escrow;
    }
    if (!valid) report["errors"] = errors;
    std::cout << dump_json(report) << "\n";
  } else if (valid) {
    std::cout << "job id: " << job_id(*spec) << "\n";
    std::istringstream summary(spec_summary(*spec));
    for (std::string line; std::getline(summary, line);) {
      if (line.rfind("job id:", 0) != 0) std::cout << line << "\n";  // printed first already
    }
  } else {
    std::cerr << file << ": " << errors.size() << (errors.size() == 1 ? " error" : " errors")
              << "\n";
  }
  return valid ? kOk : kUsage;
}

}  // namespace

int cmd_job(const std::vector<std::string>& args) {
  const std::string usage = usage_text(kJobSynopsis, po::options_description());
  if (args.empty()) return usage_failure("missing verb", usage);
  const std::string& verb = args[0];
  if (verb == "--help" || verb == "-h" || verb == "help") {
    std::cout << usage;
    return kOk;
  }
  if (verb == "validate") return validate(std::vector<std::string>(args.begin() + 1, args.end()));
  return usage_failure("unknown verb '" + verb + "'", usage);
}

}  // namespace icn::cli
