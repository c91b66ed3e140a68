#pragma once
// A per-job cgroup: memory, pids and cpu limits plus the counters the meter reads.
// cgroup v1 (one directory per controller, as on this project's machines) or v2 (one unified
// directory) where writable; when neither is writable the job runs without one and the caller
// falls back to rlimits.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/runtime.hpp"

namespace icn::runtime::sandbox {

class JobCgroup {
 public:
  /// Creates icnmesh-<pid>-<n> under each controller and applies the limits. nullopt when no
  /// cgroup hierarchy is writable. `enforce_memory` false leaves memory unlimited (still metered).
  static std::optional<JobCgroup> create(const Limits& limits);

  JobCgroup(JobCgroup&& other) noexcept;
  JobCgroup& operator=(JobCgroup&&) = delete;
  JobCgroup(const JobCgroup&) = delete;
  ~JobCgroup();

  /// Moves `pid` into the cgroup (all controllers); false if any write failed.
  bool add(pid_t pid) const;
  bool enforces_memory() const { return memory_limited_; }
  bool enforces_pids() const { return pids_limited_; }
  /// Highest memory use seen, in bytes (0 if unknown).
  std::uint64_t peak_memory_bytes() const;
  /// CPU time used by all of the cgroup's processes, in milliseconds (0 if unknown).
  std::uint64_t cpu_ms() const;
  /// How many times the kernel's OOM killer acted inside the cgroup.
  std::uint64_t oom_kills() const;
  /// How many forks the pids limit refused.
  std::uint64_t pids_refused() const;
  /// SIGKILLs every process still in the cgroup.
  void kill_all() const;

 private:
  JobCgroup() = default;
  std::string memory_, pids_, cpu_, cpuacct_, unified_;  // empty: not used
  bool memory_limited_ = false;
  bool pids_limited_ = false;
};

}  // namespace icn::runtime::sandbox
