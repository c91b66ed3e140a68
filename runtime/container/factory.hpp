#pragma once
// Container engines: the Docker Engine API backend and the own namespace sandbox.
// Both serve RUNTIME_CONTAINER; a node uses Docker when a daemon answers, else namespaces.
// Isolation of each: docs/runtimes.md, "Containers and native".
#include <memory>
#include <string>

#include "runtime/runtime.hpp"

namespace icn::runtime {

/// A Docker Engine (API v1.41) client on a unix socket; nullptr when no daemon answers GET /_ping.
std::unique_ptr<Runtime> make_docker_runtime(const std::string& socket_path);

/// The namespace sandbox; image names map to root filesystems under `rootfs_dir`
/// (built on demand from busybox-static for icnmesh/busybox:*). nullptr if namespaces are
/// unavailable (not root, or unshare refused).
std::unique_ptr<Runtime> make_namespace_runtime(const std::string& rootfs_dir);

/// The socket path in DOCKER_HOST (unix:// only) if set, else /var/run/docker.sock.
std::string default_docker_socket();

/// ICNMESH_ROOTFS_DIR if set, else $XDG_CACHE_HOME/icnmesh/rootfs, else
/// $HOME/.cache/icnmesh/rootfs, else /tmp/icnmesh-rootfs-<uid>.
std::string default_rootfs_dir();

}  // namespace icn::runtime
