#include "runtime/container/factory.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace icn::runtime {

std::string default_docker_socket() {
  const char* host = std::getenv("DOCKER_HOST");
  constexpr std::string_view kUnix = "unix://";
  if (host != nullptr && std::string_view(host).substr(0, kUnix.size()) == kUnix) {
    return std::string(host + kUnix.size());
  }
  return "/var/run/docker.sock";
}

std::string default_rootfs_dir() {
  if (const char* dir = std::getenv("ICNMESH_ROOTFS_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache != '\0') {
    return std::string(cache) + "/icnmesh/rootfs";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/.cache/icnmesh/rootfs";
  }
  return "/tmp/icnmesh-rootfs-" + std::to_string(::getuid());
}

}  // namespace icn::runtime
