#include "runtime/native/supervisor.hpp"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "protocol/core/content_id.hpp"
#include "runtime/native/sandbox_steps.hpp"

namespace icn::runtime::sandbox {
namespace {

constexpr std::size_t kStderrTail = 2048;

struct Pipe {
  int read = -1;
  int write = -1;
  bool open(int flags) {
    int fds[2];
    if (::pipe2(fds, flags) != 0) return false;
    read = fds[0];
    write = fds[1];
    return true;
  }
};

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

std::uint64_t elapsed_ms(std::chrono::steady_clock::time_point start) {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - start)
                                        .count());
}

void set_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

}  // namespace

Outcome supervise(const SupervisedRun& run) {
  Outcome out;
  Pipe in, stdout_pipe, stderr_pipe, error_pipe, go;
  if (!in.open(O_CLOEXEC) || !stdout_pipe.open(O_CLOEXEC) || !stderr_pipe.open(O_CLOEXEC) ||
      !error_pipe.open(O_CLOEXEC) || !go.open(O_CLOEXEC)) {
    out.setup_error = std::string("pipe: ") + ::strerror(errno);
    for (Pipe* p : {&in, &stdout_pipe, &stderr_pipe, &error_pipe, &go}) {
      close_fd(p->read);
      close_fd(p->write);
    }
    return out;
  }
  const ChildFds fds{in.read, stdout_pipe.write, stderr_pipe.write, error_pipe.write, go.read};
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    out.setup_error = std::string("fork: ") + ::strerror(errno);
    for (Pipe* p : {&in, &stdout_pipe, &stderr_pipe, &error_pipe, &go}) {
      close_fd(p->read);
      close_fd(p->write);
    }
    return out;
  }
  if (pid == 0) {
    char byte = 0;
    if (::read(fds.go_read, &byte, 1) != 1) ::_exit(127);  // the parent gave up
    if (run.own_process_group) ::setpgid(0, 0);
    run.child(fds);
    ::_exit(127);
  }
  out.started = true;
  close_fd(in.read);
  close_fd(stdout_pipe.write);
  close_fd(stderr_pipe.write);
  close_fd(error_pipe.write);
  close_fd(go.read);
  if (run.own_process_group) ::setpgid(pid, pid);  // also set here: no race with kill(-pid)
  if (run.cgroup != nullptr && !run.cgroup->add(pid)) {
    out.setup_error = "could not move the job into its cgroup";
    ::kill(pid, SIGKILL);
  } else {
    const char go_byte = 1;
    if (::write(go.write, &go_byte, 1) != 1) ::kill(pid, SIGKILL);
  }
  close_fd(go.write);

  auto kill_job = [&] {
    if (run.own_process_group) ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    if (run.cgroup != nullptr) run.cgroup->kill_all();
  };

  set_nonblocking(in.write);
  set_nonblocking(stdout_pipe.read);
  set_nonblocking(stderr_pipe.read);
  ::signal(SIGPIPE, SIG_IGN);  // a job that closes stdin early must not kill the supervisor
  std::size_t input_sent = 0;
  if (run.input.size == 0) close_fd(in.write);
  bool reaped = false;
  bool killed = false;
  std::uint64_t ended_at = 0;  // when the job was reaped or killed
  char buf[65536];
  while (stdout_pipe.read >= 0 || stderr_pipe.read >= 0 || !reaped) {
    // A descendant that escaped the kill may hold the pipes open: stop draining after a grace.
    if ((reaped || killed) && elapsed_ms(start) > ended_at + 2000) break;
    if (!reaped) {
      const pid_t got = ::wait4(pid, &out.wait_status, WNOHANG, &out.usage);
      if (got == pid) {
        reaped = true;
        out.wall_ms = elapsed_ms(start);
        if (!killed) ended_at = out.wall_ms;
        // Whatever the job left behind (background children holding the pipes) goes too.
        if (run.own_process_group) ::kill(-pid, SIGKILL);
        if (run.cgroup != nullptr) run.cgroup->kill_all();
      }
    }
    const std::uint64_t now = elapsed_ms(start);
    if (!killed && !reaped && now >= run.wall_time_ms) {
      out.timed_out = true;
      killed = true;
      ended_at = now;
      kill_job();
    }
    pollfd pfds[3];
    nfds_t n = 0;
    if (stdout_pipe.read >= 0) pfds[n++] = {stdout_pipe.read, POLLIN, 0};
    if (stderr_pipe.read >= 0) pfds[n++] = {stderr_pipe.read, POLLIN, 0};
    if (in.write >= 0) pfds[n++] = {in.write, POLLOUT, 0};
    int wait_ms = 20;
    if (!reaped && !killed) {
      wait_ms = static_cast<int>(std::min<std::uint64_t>(20, run.wall_time_ms - now));
    }
    if (n == 0) {
      ::usleep(static_cast<useconds_t>(std::max(wait_ms, 1)) * 1000);
      continue;
    }
    ::poll(pfds, n, std::max(wait_ms, 1));
    for (nfds_t i = 0; i < n; ++i) {
      if (pfds[i].revents == 0) continue;
      const int fd = pfds[i].fd;
      if (fd == in.write) {
        if ((pfds[i].revents & (POLLERR | POLLHUP)) != 0) {
          close_fd(in.write);
          continue;
        }
        const ssize_t w = ::write(fd, run.input.data + input_sent, run.input.size - input_sent);
        if (w > 0) input_sent += static_cast<std::size_t>(w);
        if ((w < 0 && errno != EAGAIN) || input_sent == run.input.size) close_fd(in.write);
        continue;
      }
      const ssize_t r = ::read(fd, buf, sizeof(buf));
      if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
        if (fd == stdout_pipe.read)
          close_fd(stdout_pipe.read);
        else
          close_fd(stderr_pipe.read);
        continue;
      }
      if (r < 0) continue;
      const auto* bytes = reinterpret_cast<const std::uint8_t*>(buf);
      if (fd == stdout_pipe.read) {
        const std::size_t room =
            run.max_output_bytes - std::min<std::size_t>(out.output.size(), run.max_output_bytes);
        out.output.insert(out.output.end(), bytes, bytes + std::min<std::size_t>(room, r));
        if (static_cast<std::size_t>(r) > room && !out.output_capped) {
          out.output_capped = true;
          if (!reaped && !killed) {
            killed = true;
            ended_at = elapsed_ms(start);
            kill_job();
          }
        }
      } else {
        out.stderr_tail.append(buf, static_cast<std::size_t>(r));
        if (out.stderr_tail.size() > kStderrTail) {
          out.stderr_tail.erase(0, out.stderr_tail.size() - kStderrTail);
        }
      }
    }
  }
  close_fd(in.write);
  close_fd(stdout_pipe.read);
  close_fd(stderr_pipe.read);
  if (!reaped) ::wait4(pid, &out.wait_status, 0, &out.usage);
  // The child's setup error, if any: the pipe is close-on-exec, so exec leaves it empty.
  char err[512];
  const ssize_t e = ::read(error_pipe.read, err, sizeof(err));
  if (e > 0) out.setup_error.assign(err, static_cast<std::size_t>(e));
  close_fd(error_pipe.read);
  if (out.wall_ms == 0) out.wall_ms = elapsed_ms(start);
  return out;
}

RunResult classify(const Outcome& outcome, const Limits& limits, const JobCgroup* cgroup,
                   const std::string& engine) {
  RunResult r;
  r.engine = engine;
  r.output = outcome.output;
  r.output_hash = content_id(r.output);
  auto& m = r.metering;
  m.set_wall_ms(outcome.wall_ms);
  m.set_output_bytes(r.output.size());
  const auto tv_ms = [](const timeval& tv) {
    return static_cast<std::uint64_t>(tv.tv_sec) * 1000 +
           static_cast<std::uint64_t>(tv.tv_usec) / 1000;
  };
  std::uint64_t cpu = tv_ms(outcome.usage.ru_utime) + tv_ms(outcome.usage.ru_stime);
  std::uint64_t peak = static_cast<std::uint64_t>(outcome.usage.ru_maxrss) * 1024;
  if (cgroup != nullptr) {
    cpu = std::max(cpu, cgroup->cpu_ms());
    peak = std::max(peak, cgroup->peak_memory_bytes());
  }
  m.set_cpu_ms(cpu);
  m.set_peak_memory_bytes(peak);

  const int st = outcome.wait_status;
  const bool signaled = outcome.started && WIFSIGNALED(st);
  const int sig = signaled ? WTERMSIG(st) : 0;
  r.exit_code = outcome.started && WIFEXITED(st) ? WEXITSTATUS(st) : (signaled ? 128 + sig : -1);
  if (!outcome.started || (!outcome.setup_error.empty() && !outcome.timed_out)) {
    r.status = v1::EXEC_ERROR;
    r.reason = "sandbox setup failed: " + outcome.setup_error;
    return r;
  }
  if (outcome.timed_out) {
    r.status = v1::EXEC_TIMEOUT;
    r.reason = "wall-clock limit of " + std::to_string(limits.wall_time_ms) + " ms exceeded";
    return r;
  }
  if (outcome.output_capped) {
    r.status = v1::EXEC_LIMIT_EXCEEDED;
    r.reason = "output exceeded " + std::to_string(limits.max_output_bytes) + " bytes";
    return r;
  }
  if (cgroup != nullptr && cgroup->oom_kills() > 0) {
    r.status = v1::EXEC_LIMIT_EXCEEDED;
    r.reason = "out of memory (limit " + std::to_string(limits.memory_bytes) + " bytes)";
    return r;
  }
  if (signaled && sig == SIGXCPU) {
    r.status = v1::EXEC_LIMIT_EXCEEDED;
    r.reason = "cpu time limit of " + std::to_string(limits.cpu_time_ms) + " ms exceeded";
    return r;
  }
  const bool failed = signaled || r.exit_code != 0;
  if (failed && cgroup != nullptr && cgroup->pids_refused() > 0) {
    r.status = v1::EXEC_LIMIT_EXCEEDED;
    r.reason = "process limit of " + std::to_string(limits.max_pids) + " reached";
    return r;
  }
  if (signaled) {
    r.status = v1::EXEC_TRAP;
    r.reason =
        std::string("killed by signal ") + std::to_string(sig) + " (" + ::strsignal(sig) + ")";
    return r;
  }
  if (r.exit_code != 0) {
    r.status = v1::EXEC_TRAP;
    r.reason = "exit code " + std::to_string(r.exit_code);
    if (!outcome.stderr_tail.empty()) {
      const std::size_t keep = std::min<std::size_t>(outcome.stderr_tail.size(), 240);
      r.reason += "; stderr: " + outcome.stderr_tail.substr(outcome.stderr_tail.size() - keep);
    }
    return r;
  }
  r.status = v1::EXEC_OK;
  return r;
}

void redirect_stdio(const ChildFds& fds) {
  if (::dup2(fds.stdin_read, 0) < 0 || ::dup2(fds.stdout_write, 1) < 0 ||
      ::dup2(fds.stderr_write, 2) < 0) {
    child_fail(fds.error_write, "dup2");
  }
}

}  // namespace icn::runtime::sandbox
