// Placeholder until the owning issue lands; replaced by the real command.
#include <iostream>

#include "node/cli/cli.hpp"

namespace icn::cli {
int cmd_demo(const std::vector<std::string>&) {
  std::cerr << "icnmesh demo: not built yet\n";
  return kUsage;
}
}  // namespace icn::cli
