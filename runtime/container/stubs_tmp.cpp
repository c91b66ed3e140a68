// Temporary: replaced by docker_runtime.cpp and namespace_runtime.cpp.
#include "runtime/container/factory.hpp"
#include "runtime/native/native_runtime.hpp"
namespace icn::runtime {
std::unique_ptr<Runtime> make_docker_runtime(const std::string&) {
  return nullptr;
}
std::unique_ptr<Runtime> make_namespace_runtime(const std::string&) {
  return nullptr;
}
}  // namespace icn::runtime
