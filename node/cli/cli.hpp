#pragma once
// Shared pieces of the icnmesh command-line program: exit codes, usage errors, option parsing.
#include <boost/program_options.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace icn::cli {

/// Exit codes of every icnmesh command.
enum Exit : int {
  kOk = 0,        // success
  kFailed = 1,    // the operation ran and its answer is "no" (invalid signature, failed job, ...)
  kUsage = 2,     // usage or input error: bad flag, malformed file
};

/// Thrown for usage errors; main() prints the message and the command's usage to stderr, exit 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Thrown for bad input files (the message already names FILE and where); exit 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace po = boost::program_options;

/// A parsed command line: options plus positional arguments.
struct Parsed {
  po::variables_map vm;
  bool help = false;
};

/// Parses `args` against `options` and the named positionals (each taken once, in order;
/// a trailing "..." name takes the rest). Adds --help. Throws UsageError on any bad flag.
Parsed parse(const std::vector<std::string>& args, po::options_description options,
             const std::vector<std::string>& positional_names);

/// Prints "usage: <synopsis>\n<options>" to `out`.
std::string usage_text(const std::string& synopsis, const po::options_description& options);

// Commands. Each takes the arguments after its own name and returns an exit code.
int cmd_key(const std::vector<std::string>& args);
int cmd_job(const std::vector<std::string>& args);
int cmd_ledger(const std::vector<std::string>& args);
int cmd_exec(const std::vector<std::string>& args);
int cmd_sim(const std::vector<std::string>& args);
int cmd_replay(const std::vector<std::string>& args);
int cmd_demo(const std::vector<std::string>& args);

}  // namespace icn::cli
