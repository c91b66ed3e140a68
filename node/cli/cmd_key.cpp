// Placeholder until the owning issue lands; replaced by the real command.
#include <iostream>

#include "node/cli/cli.hpp"

namespace icn::cli {
int cmd_key(const std::vector<std::string>&) {
  std::cerr << "icnmesh key: not built yet\n";
  return kUsage;
}
}  // namespace icn::cli
