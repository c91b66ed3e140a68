#pragma once
// Runs one sandboxed child process to completion: feeds stdin, captures stdout (capped) and a
// short stderr tail, enforces the wall clock, reaps it with wait4 for its rusage, and turns
// what happened into a RunResult. Shared by the native and namespace backends.
#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>

#include "runtime/native/cgroup.hpp"
#include "runtime/runtime.hpp"

namespace icn::runtime::sandbox {

/// File descriptors the child must wire up before it execs.
struct ChildFds {
  int stdin_read;
  int stdout_write;
  int stderr_write;
  int error_write;  // close-on-exec: a setup failure is written here ("stage: errno N")
  int go_read;      // the child blocks reading one byte here until its cgroup is set up
};

/// In the child: puts the job's pipes on stdin, stdout and stderr; a failure ends the child
/// through child_fail ("dup2: errno N").
void redirect_stdio(const ChildFds& fds);

struct SupervisedRun {
  /// Runs in the forked child; must only issue system calls and never return normally
  /// (exec or _exit). Receives the fds to dup2 onto 0/1/2.
  std::function<void(const ChildFds&)> child;
  ByteView input;
  std::uint64_t wall_time_ms = 0;
  std::uint64_t max_output_bytes = 0;
  const JobCgroup* cgroup = nullptr;  // the child is moved in before it is released
  bool own_process_group = true;      // kill(-pid) on timeout (the child calls setpgid)
};

struct Outcome {
  bool started = false;     // false: fork or pipe failed (setup_error says why)
  std::string setup_error;  // the child's "stage: errno N" or the parent's failure
  int wait_status = 0;
  bool timed_out = false;
  bool output_capped = false;
  Bytes output;
  std::string stderr_tail;
  rusage usage{};
  std::uint64_t wall_ms = 0;
};

/// Forks, supervises and reaps the child.
Outcome supervise(const SupervisedRun& run);

/// Maps an outcome onto a RunResult: error, timeout, output limit, OOM (cgroup oom_kill or a
/// SIGKILL at the memory limit), pids limit, signal or exit code, else ok; fills metering.
RunResult classify(const Outcome& outcome, const Limits& limits, const JobCgroup* cgroup,
                   const std::string& engine);

}  // namespace icn::runtime::sandbox
