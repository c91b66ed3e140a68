#include "runtime/native/sandbox_steps.hpp"

#include <errno.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace icn::runtime::sandbox {

Limits effective_limits(const Limits& requested) {
  Limits l = requested;
  if (l.memory_bytes == 0) l.memory_bytes = kDefaultMemoryBytes;
  if (l.wall_time_ms == 0) l.wall_time_ms = kDefaultWallMs;
  if (l.cpu_time_ms == 0) l.cpu_time_ms = l.wall_time_ms;
  if (l.max_output_bytes == 0) l.max_output_bytes = kDefaultMaxOutputBytes;
  if (l.max_pids == 0) l.max_pids = kDefaultPids;
  return l;
}

std::vector<RlimitSetting> job_rlimits(const Limits& limits, bool memory_by_rlimit,
                                       bool pids_by_rlimit) {
  // RLIMIT_CPU has a one-second granularity; round up and let the wall clock be the sharp edge.
  const rlim_t cpu_seconds = static_cast<rlim_t>((limits.cpu_time_ms + 999) / 1000 + 1);
  std::vector<RlimitSetting> out = {
      {RLIMIT_CPU, cpu_seconds},
      {RLIMIT_FSIZE, static_cast<rlim_t>(kMaxFileBytes)},
      {RLIMIT_NOFILE, static_cast<rlim_t>(kMaxOpenFiles)},
      {RLIMIT_CORE, 0},
  };
  if (pids_by_rlimit) out.push_back({RLIMIT_NPROC, static_cast<rlim_t>(limits.max_pids)});
  if (memory_by_rlimit) out.push_back({RLIMIT_AS, static_cast<rlim_t>(limits.memory_bytes)});
  return out;
}

namespace {

struct SeccompContext {
  scmp_filter_ctx ctx = nullptr;
  ~SeccompContext() {
    if (ctx != nullptr) seccomp_release(ctx);
  }
};

}  // namespace

Expected<std::vector<sock_filter>> build_job_seccomp_filter() {
  SeccompContext holder;
  holder.ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (holder.ctx == nullptr) return fail("sandbox", "seccomp_init failed");
  const int denied[] = {
      SCMP_SYS(socket),
      SCMP_SYS(socketpair),
      SCMP_SYS(ptrace),
      SCMP_SYS(process_vm_readv),
      SCMP_SYS(process_vm_writev),
      SCMP_SYS(mount),
      SCMP_SYS(umount2),
      SCMP_SYS(pivot_root),
      SCMP_SYS(chroot),
      SCMP_SYS(unshare),
      SCMP_SYS(setns),
      SCMP_SYS(kexec_load),
      SCMP_SYS(kexec_file_load),
      SCMP_SYS(bpf),
      SCMP_SYS(perf_event_open),
      SCMP_SYS(init_module),
      SCMP_SYS(finit_module),
      SCMP_SYS(delete_module),
      SCMP_SYS(reboot),
      SCMP_SYS(swapon),
      SCMP_SYS(swapoff),
      SCMP_SYS(mknod),
      SCMP_SYS(mknodat),
      SCMP_SYS(keyctl),
      SCMP_SYS(add_key),
      SCMP_SYS(request_key),
      SCMP_SYS(userfaultfd),
      SCMP_SYS(open_by_handle_at),
      SCMP_SYS(acct),
      SCMP_SYS(settimeofday),
      SCMP_SYS(clock_settime),
      SCMP_SYS(iopl),
      SCMP_SYS(ioperm),
      SCMP_SYS(fsopen),
      SCMP_SYS(fsmount),
      SCMP_SYS(move_mount),
      SCMP_SYS(open_tree),
  };
  for (int sys : denied) {
    if (seccomp_rule_add(holder.ctx, SCMP_ACT_ERRNO(EPERM), sys, 0) != 0) {
      return fail("sandbox", "seccomp_rule_add failed for syscall " + std::to_string(sys));
    }
  }
  // New namespaces through clone flags, and clone3 whose flags seccomp cannot inspect.
  const scmp_datum_t ns_flags = CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
                                CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP;
  for (scmp_datum_t flag = 1; flag != 0 && flag <= ns_flags; flag <<= 1) {
    if ((ns_flags & flag) == 0) continue;
    if (seccomp_rule_add(holder.ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                         SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)) != 0) {
      return fail("sandbox", "seccomp_rule_add failed for clone flags");
    }
  }
  if (seccomp_rule_add(holder.ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) != 0) {
    return fail("sandbox", "seccomp_rule_add failed for clone3");
  }
  // libseccomp 2.5 exports only to a file descriptor; a memfd keeps it off the disk.
  const int fd = static_cast<int>(::syscall(SYS_memfd_create, "icnmesh-seccomp", MFD_CLOEXEC));
  if (fd < 0) return fail("sandbox", "memfd_create failed for the seccomp export");
  std::vector<sock_filter> program;
  const int rc = seccomp_export_bpf(holder.ctx, fd);
  if (rc == 0) {
    const off_t size = ::lseek(fd, 0, SEEK_END);
    if (size > 0 && size % static_cast<off_t>(sizeof(sock_filter)) == 0) {
      program.resize(static_cast<std::size_t>(size) / sizeof(sock_filter));
      const ssize_t got = ::pread(fd, program.data(), static_cast<std::size_t>(size), 0);
      if (got != size) program.clear();
    }
  }
  ::close(fd);
  if (program.empty()) return fail("sandbox", "seccomp_export_bpf failed");
  return program;
}

[[noreturn]] void child_fail(int error_fd, const char* stage) {
  const int err = errno;
  char buf[256];
  std::size_t n = 0;
  for (const char* p = stage; *p != '\0' && n < 200; ++p) buf[n++] = *p;
  const char* sep = ": errno ";
  for (const char* p = sep; *p != '\0'; ++p) buf[n++] = *p;
  char digits[16];
  int d = 0;
  int v = err < 0 ? 0 : err;
  do {
    digits[d++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 && d < 15);
  while (d > 0) buf[n++] = digits[--d];
  if (error_fd >= 0) {
    ssize_t ignored = ::write(error_fd, buf, n);
    (void)ignored;
  }
  ::_exit(127);
}

bool child_apply_rlimits(const RlimitSetting* settings, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    rlimit cur{};
    if (::getrlimit(settings[i].resource, &cur) != 0) return false;
    // Without CAP_SYS_RESOURCE a hard limit can only be lowered: never ask to raise it.
    rlim_t value = settings[i].value;
    if (cur.rlim_max != RLIM_INFINITY && value > cur.rlim_max) value = cur.rlim_max;
    const rlimit next{value, value};
    if (::setrlimit(settings[i].resource, &next) != 0) return false;
  }
  return true;
}

bool child_apply_seccomp(const std::vector<sock_filter>& filter) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return false;
  sock_fprog prog{};
  prog.len = static_cast<unsigned short>(filter.size());
  prog.filter = const_cast<sock_filter*>(filter.data());
  return ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0;
}

bool child_drop_capabilities() {
  // Lock "root has no special powers" so that exec does not hand uid 0 its capabilities back.
  if (::geteuid() == 0) {
    const unsigned long bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
                               SECBIT_NO_SETUID_FIXUP_LOCKED;
    if (::prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0 && errno != EPERM) return false;
  }
  ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  for (int cap = 0; cap <= CAP_LAST_CAP; ++cap) ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  return ::syscall(SYS_capset, &header, data) == 0;
}

CStringArray::CStringArray(std::vector<std::string> items) : items_(std::move(items)) {
  pointers_.reserve(items_.size() + 1);
  for (auto& s : items_) pointers_.push_back(s.data());
  pointers_.push_back(nullptr);
}

std::vector<std::string> job_environment(const v1::Runtime& runtime,
                                         const std::string& default_path) {
  std::vector<std::string> env;
  bool has_path = false;
  for (const auto& e : runtime.env()) {
    env.push_back(e.name() + "=" + e.value());
    has_path = has_path || e.name() == "PATH";
  }
  if (!has_path) env.push_back("PATH=" + default_path);
  return env;
}

}  // namespace icn::runtime::sandbox
