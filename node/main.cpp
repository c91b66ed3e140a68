// icnmesh: one program, one subcommand per concern (docs/architecture.md).
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "node/cli/cli.hpp"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>&);
};

constexpr Command kCommands[] = {
    {"key", "create, show, sign and verify with Ed25519 identities (did:key)", icn::cli::cmd_key},
    {"job", "validate job spec files", icn::cli::cmd_job},
    {"exec", "run one job locally in a sandboxed runtime", icn::cli::cmd_exec},
    {"ledger", "inspect and verify a SQLite mana ledger", icn::cli::cmd_ledger},
    {"sim", "run a scenario in the deterministic simulator", icn::cli::cmd_sim},
    {"replay", "re-run a recorded simulator trace and compare", icn::cli::cmd_replay},
    {"demo", "walk through job-spec validation and signing", icn::cli::cmd_demo},
};

void print_usage(std::ostream& out) {
  out << "usage: icnmesh <command> [options] [args]\n\ncommands:\n";
  for (const auto& c : kCommands) {
    out << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << "\n";
  }
  out << "\nRun 'icnmesh <command> --help' for a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_usage(std::cerr);
    return icn::cli::kUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(std::cout);
    return icn::cli::kOk;
  }
  if (args[0] == "--version") {
    std::cout << "icnmesh 0.1.0\n";
    return icn::cli::kOk;
  }
  for (const auto& c : kCommands) {
    if (args[0] != c.name) continue;
    std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
      return c.run(rest);
    } catch (const icn::cli::UsageError& e) {
      std::cerr << "icnmesh " << c.name << ": " << e.what() << "\n"
                << "Run 'icnmesh " << c.name << " --help' for usage.\n";
      return icn::cli::kUsage;
    } catch (const icn::cli::InputError& e) {
      std::cerr << e.what() << "\n";
      return icn::cli::kUsage;
    } catch (const std::exception& e) {
      std::cerr << "icnmesh " << c.name << ": error: " << e.what() << "\n";
      return icn::cli::kFailed;
    }
  }
  std::cerr << "icnmesh: unknown command '" << args[0] << "'\n\n";
  print_usage(std::cerr);
  return icn::cli::kUsage;
}
