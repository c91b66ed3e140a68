#pragma once
// The engines this machine has, found by probing at start-up. A node advertises
// registry.kinds() in its bids and dispatches each job to registry.find(kind).
#include <memory>
#include <string>
#include <vector>

#include "runtime/runtime.hpp"
#include "runtime/wasm/aot_runtime.hpp"

namespace icn::runtime {

struct ProbeOptions {
  /// Only probe engines for these kinds (empty: all kinds).
  std::vector<v1::RuntimeKind> kinds;
  bool wasm_aot = true;  // false: interpreter only
  wasm::AotOptions aot;
  std::string docker_socket;  // empty: default_docker_socket()
  std::string rootfs_dir;     // empty: default_rootfs_dir()
};

class RuntimeRegistry {
 public:
  void add(std::unique_ptr<Runtime> engine);
  const std::vector<std::unique_ptr<Runtime>>& engines() const { return engines_; }
  /// The preferred engine for `kind` (the first one probed: wasm-aot before wasm-interp,
  /// docker before namespace); nullptr when none serves it.
  Runtime* find(v1::RuntimeKind kind) const;
  /// The engine called `name` ("wasm-interp", "wasm-aot", "docker", ...), or nullptr.
  Runtime* by_name(const std::string& name) const;
  /// Distinct kinds served, in enum order.
  std::vector<v1::RuntimeKind> kinds() const;
  /// Engine names in preference order.
  std::vector<std::string> names() const;

 private:
  std::vector<std::unique_ptr<Runtime>> engines_;
};

/// Probes this machine: the WASM interpreter always; WASM AOT when a C compiler works;
/// Docker when a daemon answers on the socket; the namespace sandbox when namespaces work;
/// the native backend always.
RuntimeRegistry probe_runtimes(const ProbeOptions& options = {});

}  // namespace icn::runtime
