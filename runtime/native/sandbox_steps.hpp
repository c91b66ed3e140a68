#pragma once
// Building blocks shared by the native and namespace sandboxes: effective limits, the seccomp
// filter, rlimits and capability dropping. Everything a child needs is prepared in the parent
// before fork(), so that the child only issues system calls (the parent may be multi-threaded,
// and malloc after fork in a threaded process can deadlock).
#include <linux/filter.h>
#include <sys/resource.h>

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/core/error.hpp"
#include "runtime/runtime.hpp"

namespace icn::runtime::sandbox {

inline constexpr std::uint64_t kDefaultMemoryBytes = 256ull << 20;
inline constexpr std::uint64_t kDefaultWallMs = 10'000;
inline constexpr std::uint64_t kDefaultMaxOutputBytes = 1ull << 20;
inline constexpr std::uint64_t kMaxFileBytes = 64ull << 20;
inline constexpr std::uint32_t kDefaultPids = 64;
inline constexpr std::uint32_t kMaxOpenFiles = 256;

/// The limits with every 0 ("engine default") replaced by this backend family's default.
Limits effective_limits(const Limits& requested);

/// One resource limit, applied in the child with setrlimit.
struct RlimitSetting {
  int resource;
  rlim_t value;
};

/// The rlimits of a job: CPU seconds, file size, open files and no core dumps; the address
/// space only when `memory_by_rlimit` and the process count only when `pids_by_rlimit` (that
/// is, when no cgroup enforces them: RLIMIT_NPROC counts every process of the user).
std::vector<RlimitSetting> job_rlimits(const Limits& limits, bool memory_by_rlimit,
                                       bool pids_by_rlimit);

/// The job seccomp filter as a classic BPF program: everything is allowed except creating
/// sockets, tracing, mounting, namespaces, kernel modules and keys, kexec, bpf, perf, reboot,
/// swap and mknod, which fail with EPERM (clone3 with ENOSYS so libc falls back to clone).
Expected<std::vector<sock_filter>> build_job_seccomp_filter();

/// The job's environment: the spec's variables in order, plus PATH=`default_path` when the
/// spec sets no PATH (built before fork).
std::vector<std::string> job_environment(const v1::Runtime& runtime,
                                         const std::string& default_path);

// ---- child side: only system calls, no allocation ----

/// Writes "stage: errno N" to `error_fd` and exits with 127. Never returns.
[[noreturn]] void child_fail(int error_fd, const char* stage);
/// Applies the rlimits; returns false (errno set) on the first failure.
bool child_apply_rlimits(const RlimitSetting* settings, std::size_t count);
/// Sets no_new_privs and loads the filter; returns false (errno set) on failure.
bool child_apply_seccomp(const std::vector<sock_filter>& filter);
/// Clears every capability set (also for uid 0, through SECBIT_NOROOT); false on failure.
bool child_drop_capabilities();

/// argv/envp arrays pointing into owned strings, built before fork.
class CStringArray {
 public:
  explicit CStringArray(std::vector<std::string> items);
  char* const* get() const { return pointers_.data(); }

 private:
  std::vector<std::string> items_;
  std::vector<char*> pointers_;
};

}  // namespace icn::runtime::sandbox
