#pragma once
// Job specs and helpers shared by the container/native sandbox tests.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/runtime.hpp"

namespace icn::runtime::test {

inline Bytes read_binary(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// A job running `script` with busybox sh: natively (code = /bin/busybox, argv[0] "sh"),
/// or in a container image.
inline RunRequest shell_job(v1::RuntimeKind kind, const std::string& script,
                            const std::string& input = "") {
  RunRequest req;
  auto* rt = req.spec.mutable_runtime();
  rt->set_kind(kind);
  rt->set_entrypoint(kind == v1::RUNTIME_NATIVE ? "sh" : "/bin/sh");
  rt->add_args("-c");
  rt->add_args(script);
  if (kind == v1::RUNTIME_NATIVE) req.code = read_binary("/bin/busybox");
  req.input = to_bytes(input);
  req.limits.wall_time_ms = 20'000;
  req.limits.memory_bytes = 64ull << 20;
  req.limits.max_output_bytes = 1 << 20;
  req.limits.max_pids = 32;
  return req;
}

inline std::string out(const RunResult& r) {
  return to_string(r.output);
}

}  // namespace icn::runtime::test
