// The namespace sandbox (RUNTIME_CONTAINER, "namespace"): the job runs as uid/gid 65534, pid 1
// of fresh mount, pid, network, ipc and uts namespaces, with a read-only bind of the image's
// root filesystem as / (pivot_root), its own /proc, a 16 MiB tmpfs /tmp and a /dev holding
// only null, zero and urandom; no capabilities, no_new_privs, the job seccomp filter, rlimits,
// and a cgroup (memory, pids, cpu) where writable. The parent kills it on the wall clock.
//
//   supervisor --fork--> A: unshare(NS|PID|NET|IPC|UTS) --fork--> B (pid 1): mounts,
//   pivot_root, hostname, rlimits, drop to 65534, seccomp, execve.  A relays B's exit status,
//   and B dies with A (PDEATHSIG), taking the whole pid namespace with it.
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>

#include "protocol/core/content_id.hpp"
#include "runtime/container/factory.hpp"
#include "runtime/container/rootfs.hpp"
#include "runtime/native/cgroup.hpp"
#include "runtime/native/sandbox_steps.hpp"
#include "runtime/native/supervisor.hpp"

namespace icn::runtime {
namespace {

namespace fs = std::filesystem;

constexpr int kNamespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS;
constexpr uid_t kJobUid = 65534;
constexpr gid_t kJobGid = 65534;

RunResult error_result(const std::string& reason) {
  RunResult r;
  r.status = v1::EXEC_ERROR;
  r.reason = reason;
  r.engine = "namespace";
  r.output_hash = content_id(r.output);
  return r;
}

/// Paths the child mounts, computed before fork.
struct MountPlan {
  std::string root, proc, tmp, dev;
  std::vector<std::pair<std::string, std::string>> devices;  // host node -> path in root
};

[[noreturn]] void job_init(const sandbox::ChildFds& fds, const MountPlan& m,
                           const std::vector<sandbox::RlimitSetting>& rlimits,
                           const std::vector<sock_filter>& filter,
                           const std::vector<std::string>& exec_paths, char* const* argv,
                           char* const* envp) {
  const int efd = fds.error_write;
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    sandbox::child_fail(efd, "mount / private");
  }
  if (::mount(m.root.c_str(), m.root.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
    sandbox::child_fail(efd, "bind the root filesystem");
  }
  if (::mount("proc", m.proc.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
    sandbox::child_fail(efd, "mount /proc");
  }
  if (::mount("tmpfs", m.tmp.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=1777") != 0) {
    sandbox::child_fail(efd, "mount /tmp");
  }
  if (::mount("tmpfs", m.dev.c_str(), "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=755") != 0) {
    sandbox::child_fail(efd, "mount /dev");
  }
  for (const auto& [host, inside] : m.devices) {
    const int fd = ::open(inside.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) sandbox::child_fail(efd, "create a /dev node");
    ::close(fd);
    if (::mount(host.c_str(), inside.c_str(), nullptr, MS_BIND, nullptr) != 0) {
      sandbox::child_fail(efd, "bind a /dev node");
    }
  }
  if (::mount(nullptr, m.root.c_str(), nullptr,
              MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, nullptr) != 0) {
    sandbox::child_fail(efd, "remount the root read-only");
  }
  if (::chdir(m.root.c_str()) != 0) sandbox::child_fail(efd, "chdir into the root");
  if (::syscall(SYS_pivot_root, ".", ".") == 0) {
    ::umount2(".", MNT_DETACH);  // the old root, stacked under the new one
  } else if (::chroot(".") != 0) {
    sandbox::child_fail(efd, "pivot_root and chroot");
  }
  if (::chdir("/tmp") != 0) sandbox::child_fail(efd, "chdir /tmp");
  ::sethostname("job", 3);
  if (!sandbox::child_apply_rlimits(rlimits.data(), rlimits.size())) {
    sandbox::child_fail(efd, "setrlimit");
  }
  for (int cap = 0; cap <= 63; ++cap) ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  if (::setgroups(0, nullptr) != 0 || ::setgid(kJobGid) != 0 || ::setuid(kJobUid) != 0) {
    sandbox::child_fail(efd, "drop to uid 65534");
  }
  if (!sandbox::child_apply_seccomp(filter)) sandbox::child_fail(efd, "seccomp");
  for (const auto& path : exec_paths) {
    ::execve(path.c_str(), argv, envp);
    if (errno != ENOENT) break;
  }
  sandbox::child_fail(efd, "execve");
}

class NamespaceRuntime final : public Runtime {
 public:
  NamespaceRuntime(std::string rootfs_dir, std::vector<sock_filter> filter)
      : rootfs_dir_(std::move(rootfs_dir)), filter_(std::move(filter)) {}
  std::string name() const override { return "namespace"; }
  v1::RuntimeKind kind() const override { return v1::RUNTIME_CONTAINER; }

  RunResult run(const RunRequest& request) override {
    const auto& rt = request.spec.runtime();
    if (rt.kind() != v1::RUNTIME_CONTAINER) {
      return error_result("namespace engine got a job of another runtime kind");
    }
    auto root = root_for(rt.image());
    if (!root) return error_result(root.error().message);
    const Limits limits = sandbox::effective_limits(request.limits);

    MountPlan plan;
    plan.root = *root;
    plan.proc = plan.root + "/proc";
    plan.tmp = plan.root + "/tmp";
    plan.dev = plan.root + "/dev";
    for (const char* node : {"null", "zero", "urandom"}) {
      plan.devices.emplace_back(std::string("/dev/") + node, plan.dev + "/" + node);
    }
    const std::string entry = rt.entrypoint().empty() ? std::string("/bin/sh") : rt.entrypoint();
    std::vector<std::string> exec_paths;
    if (entry.find('/') != std::string::npos) {
      exec_paths.push_back(entry);
    } else {
      for (const char* dir : {"/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/"}) {
        exec_paths.push_back(dir + entry);
      }
    }
    std::vector<std::string> argv{entry};
    for (const auto& a : rt.args()) argv.push_back(a);
    std::vector<std::string> env = sandbox::job_environment(rt, "/usr/sbin:/usr/bin:/sbin:/bin");
    env.push_back("HOME=/tmp");
    const sandbox::CStringArray argv_c(std::move(argv));
    const sandbox::CStringArray env_c(std::move(env));

    auto cgroup = sandbox::JobCgroup::create(limits);
    const sandbox::JobCgroup* cg = cgroup ? &*cgroup : nullptr;
    const auto rlimits = sandbox::job_rlimits(limits, cg == nullptr || !cg->enforces_memory(),
                                              cg == nullptr || !cg->enforces_pids());

    sandbox::SupervisedRun run;
    run.input = request.input;
    run.wall_time_ms = limits.wall_time_ms;
    run.max_output_bytes = limits.max_output_bytes;
    run.cgroup = cg;
    run.child = [&](const sandbox::ChildFds& fds) {
      sandbox::redirect_stdio(fds);
      // This process never execs, so close-on-exec does not help: close every other inherited
      // descriptor (the parent's pipe ends included, or stdin would never see EOF).
      const unsigned efd = static_cast<unsigned>(fds.error_write);
      if (efd > 3) ::syscall(SYS_close_range, 3u, efd - 1, 0u);
      ::syscall(SYS_close_range, efd + 1, ~0u, 0u);
      if (::unshare(kNamespaces) != 0) sandbox::child_fail(fds.error_write, "unshare");
      const pid_t init = ::fork();
      if (init < 0) sandbox::child_fail(fds.error_write, "fork the namespace init");
      if (init == 0) {
        job_init(fds, plan, rlimits, filter_, exec_paths, argv_c.get(), env_c.get());
      }
      ::close(fds.error_write);
      int status = 0;
      while (::waitpid(init, &status, 0) < 0 && errno == EINTR) {
      }
      if (WIFEXITED(status)) ::_exit(WEXITSTATUS(status));
      const int sig = WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL;
      ::signal(sig, SIG_DFL);
      ::kill(::getpid(), sig);  // relay the signal so the supervisor sees what killed the job
      ::_exit(128 + sig);
    };
    const sandbox::Outcome outcome = sandbox::supervise(run);
    return sandbox::classify(outcome, limits, cg, name());
  }

 private:
  /// The image's root filesystem, built when it is a built-in image, checked against the digest.
  Expected<std::string> root_for(const v1::ContainerImage& image) {
    const std::string dir_name = rootfs::image_dir_name(image.name());
    if (dir_name.empty())
      return fail("image", "container job names no usable image: '" + image.name() + "'");
    if (image.digest().empty()) return fail("image", "container job pins no image digest");
    const std::string dir = rootfs_dir_ + "/" + dir_name;
    std::lock_guard<std::mutex> lock(mutex_);
    std::error_code ec;
    const bool builtin = rootfs::is_builtin_image(image.name());
    bool rebuilt = false;
    if (!fs::is_directory(dir, ec)) {
      if (!builtin) return fail("image", "no root filesystem for " + image.name() + " at " + dir);
      auto built = rootfs::build_busybox_rootfs(dir);
      if (!built) return tl::unexpected(built.error());
      rebuilt = true;
      ids_.erase(dir);
    }
    auto id = cached_id(dir);
    if (!id) return tl::unexpected(id.error());
    if (*id != image.digest() && builtin && !rebuilt) {
      // A stale cache (busybox-static was upgraded): rebuild once and look again.
      auto built = rootfs::build_busybox_rootfs(dir);
      if (!built) return tl::unexpected(built.error());
      ids_.erase(dir);
      id = cached_id(dir);
      if (!id) return tl::unexpected(id.error());
    }
    if (*id != image.digest()) {
      return fail("image", "root filesystem " + dir + " of " + image.name() + " has id " + *id +
                               ", the spec pins " + image.digest());
    }
    return dir;
  }

  Expected<std::string> cached_id(const std::string& dir) {
    auto it = ids_.find(dir);
    if (it != ids_.end()) return it->second;
    auto id = rootfs::image_id_of(dir);
    if (id) ids_[dir] = *id;
    return id;
  }

  std::string rootfs_dir_;
  std::vector<sock_filter> filter_;
  std::mutex mutex_;
  std::map<std::string, std::string> ids_;  // rootfs dir -> image id, computed once
};

/// Forks a child that tries to enter new namespaces and make its mount tree private, the first
/// two steps of every job's setup; true if it could. In a chroot whose root is not a mount point
/// the second step fails (EINVAL), and there is no namespace sandbox.
bool namespaces_available() {
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    if (::unshare(kNamespaces) != 0) ::_exit(1);
    ::_exit(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 ? 0 : 2);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

std::unique_ptr<Runtime> make_namespace_runtime(const std::string& rootfs_dir) {
  // Mounting and switching to uid 65534 need root; without it there is no namespace sandbox.
  if (::geteuid() != 0 || !namespaces_available()) return nullptr;
  auto filter = sandbox::build_job_seccomp_filter();
  if (!filter) return nullptr;
  return std::make_unique<NamespaceRuntime>(rootfs_dir.empty() ? default_rootfs_dir() : rootfs_dir,
                                            std::move(*filter));
}

}  // namespace icn::runtime
