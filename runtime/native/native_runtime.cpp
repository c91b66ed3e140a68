#include "runtime/native/native_runtime.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "runtime/native/cgroup.hpp"
#include "runtime/native/sandbox_steps.hpp"
#include "runtime/native/supervisor.hpp"

namespace icn::runtime {
namespace {

namespace fs = std::filesystem;

/// A private directory holding the job's executable; removed with everything in it.
class JobDir {
 public:
  JobDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/icnmesh-native-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~JobDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  JobDir(const JobDir&) = delete;
  JobDir& operator=(const JobDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool write_executable(const std::string& path, const Bytes& code) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < code.size()) {
    const ssize_t w = ::write(fd, code.data() + done, code.size() - done);
    if (w <= 0) break;
    done += static_cast<std::size_t>(w);
  }
  return ::close(fd) == 0 && done == code.size();
}

RunResult error_result(const std::string& reason) {
  RunResult r;
  r.status = v1::EXEC_ERROR;
  r.reason = reason;
  r.engine = "native";
  return r;
}

class NativeRuntime final : public Runtime {
 public:
  explicit NativeRuntime(std::vector<sock_filter> filter) : filter_(std::move(filter)) {}
  std::string name() const override { return "native"; }
  v1::RuntimeKind kind() const override { return v1::RUNTIME_NATIVE; }

  RunResult run(const RunRequest& request) override {
    if (request.spec.runtime().kind() != v1::RUNTIME_NATIVE) {
      return error_result("native engine got a job of another runtime kind");
    }
    if (request.code.empty()) return error_result("native job has no executable (code is empty)");
    const Limits limits = sandbox::effective_limits(request.limits);
    JobDir dir;
    if (dir.path().empty()) return error_result("cannot create a private job directory");
    const std::string exe = dir.path() + "/job";
    if (!write_executable(exe, request.code)) {
      return error_result("cannot write the job executable to " + exe);
    }

    const auto& rt = request.spec.runtime();
    std::vector<std::string> argv{rt.entrypoint().empty() ? std::string("job") : rt.entrypoint()};
    for (const auto& a : rt.args()) argv.push_back(a);
    std::vector<std::string> env = sandbox::job_environment(rt, "/usr/local/bin:/usr/bin:/bin");
    const sandbox::CStringArray argv_c(std::move(argv));
    const sandbox::CStringArray env_c(std::move(env));

    auto cgroup = sandbox::JobCgroup::create(limits);
    const sandbox::JobCgroup* cg = cgroup ? &*cgroup : nullptr;
    const auto rlimits = sandbox::job_rlimits(limits, cg == nullptr || !cg->enforces_memory(),
                                              cg == nullptr || !cg->enforces_pids());
    const std::string& workdir = dir.path();

    sandbox::SupervisedRun run;
    run.input = request.input;
    run.wall_time_ms = limits.wall_time_ms;
    run.max_output_bytes = limits.max_output_bytes;
    run.cgroup = cg;
    run.child = [&](const sandbox::ChildFds& fds) {
      sandbox::redirect_stdio(fds);
      ::syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC);
      if (::chdir(workdir.c_str()) != 0) sandbox::child_fail(fds.error_write, "chdir");
      if (!sandbox::child_apply_rlimits(rlimits.data(), rlimits.size())) {
        sandbox::child_fail(fds.error_write, "setrlimit");
      }
      if (!sandbox::child_drop_capabilities()) sandbox::child_fail(fds.error_write, "capabilities");
      if (!sandbox::child_apply_seccomp(filter_)) sandbox::child_fail(fds.error_write, "seccomp");
      ::execve(exe.c_str(), argv_c.get(), env_c.get());
      sandbox::child_fail(fds.error_write, "execve");
    };
    const sandbox::Outcome outcome = sandbox::supervise(run);
    return sandbox::classify(outcome, limits, cg, name());
  }

 private:
  std::vector<sock_filter> filter_;
};

}  // namespace

std::unique_ptr<Runtime> make_native_runtime() {
  auto filter = sandbox::build_job_seccomp_filter();
  if (!filter) return nullptr;
  return std::make_unique<NativeRuntime>(std::move(*filter));
}

}  // namespace icn::runtime
