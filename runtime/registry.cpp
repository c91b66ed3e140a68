#include "runtime/registry.hpp"

#include <algorithm>

#include "runtime/container/factory.hpp"
#include "runtime/native/native_runtime.hpp"
#include "runtime/wasm/interp_runtime.hpp"

namespace icn::runtime {

void RuntimeRegistry::add(std::unique_ptr<Runtime> engine) {
  if (engine) engines_.push_back(std::move(engine));
}

Runtime* RuntimeRegistry::find(v1::RuntimeKind kind) const {
  for (const auto& e : engines_)
    if (e->kind() == kind) return e.get();
  return nullptr;
}

Runtime* RuntimeRegistry::by_name(const std::string& name) const {
  for (const auto& e : engines_)
    if (e->name() == name) return e.get();
  return nullptr;
}

std::vector<v1::RuntimeKind> RuntimeRegistry::kinds() const {
  std::vector<v1::RuntimeKind> out;
  for (const auto& e : engines_) out.push_back(e->kind());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> RuntimeRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& e : engines_) out.push_back(e->name());
  return out;
}

RuntimeRegistry probe_runtimes(const ProbeOptions& options) {
  auto wanted = [&](v1::RuntimeKind kind) {
    return options.kinds.empty() ||
           std::find(options.kinds.begin(), options.kinds.end(), kind) != options.kinds.end();
  };
  RuntimeRegistry registry;
  if (wanted(v1::RUNTIME_WASM)) {
    if (options.wasm_aot) registry.add(wasm::make_aot_runtime(options.aot));
    registry.add(wasm::make_interp_runtime());
  }
  if (wanted(v1::RUNTIME_CONTAINER)) {
    registry.add(make_docker_runtime(options.docker_socket.empty() ? default_docker_socket()
                                                                   : options.docker_socket));
    registry.add(make_namespace_runtime(options.rootfs_dir.empty() ? default_rootfs_dir()
                                                                   : options.rootfs_dir));
  }
  if (wanted(v1::RUNTIME_NATIVE)) registry.add(make_native_runtime());
  return registry;
}

}  // namespace icn::runtime
