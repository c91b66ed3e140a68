#include "node/cli/cli.hpp"

#include <sstream>

namespace icn::cli {

Parsed parse(const std::vector<std::string>& args, po::options_description options,
             const std::vector<std::string>& positional_names) {
  options.add_options()("help,h", "show this help");
  po::options_description hidden;
  po::positional_options_description pos;
  for (const auto& name : positional_names) {
    bool rest = name.size() > 3 && name.compare(name.size() - 3, 3, "...") == 0;
    std::string key = rest ? name.substr(0, name.size() - 3) : name;
    if (rest) {
      hidden.add_options()(key.c_str(), po::value<std::vector<std::string>>(), "");
      pos.add(key.c_str(), -1);
    } else {
      hidden.add_options()(key.c_str(), po::value<std::string>(), "");
      pos.add(key.c_str(), 1);
    }
  }
  po::options_description all;
  all.add(options).add(hidden);
  Parsed parsed;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), parsed.vm);
    parsed.help = parsed.vm.count("help") > 0;
    if (!parsed.help) po::notify(parsed.vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return parsed;
}

std::string usage_text(const std::string& synopsis, const po::options_description& options) {
  std::ostringstream out;
  out << "usage: " << synopsis << "\n";
  if (!options.options().empty()) out << options;
  return out.str();
}

}  // namespace icn::cli
