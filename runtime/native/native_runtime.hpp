#pragma once
// The native backend (RUNTIME_NATIVE): the job's executable runs as a plain child process with
// rlimits, a seccomp filter (no sockets, no ptrace) and cgroup limits where writable. It is the
// weakest isolation: same filesystem view, same user (docs/runtimes.md).
#include <memory>

#include "runtime/runtime.hpp"

namespace icn::runtime {

/// Always available on Linux.
std::unique_ptr<Runtime> make_native_runtime();

}  // namespace icn::runtime
