#include "runtime/native/cgroup.hpp"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace icn::runtime::sandbox {
namespace {

constexpr const char* kRoot = "/sys/fs/cgroup";

bool write_file(const std::string& path, const std::string& value) {
  std::ofstream out(path);
  if (!out) return false;
  out << value;
  out.flush();
  return static_cast<bool>(out);
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::uint64_t read_u64(const std::string& path) {
  auto text = read_file(path);
  if (!text) return 0;
  try {
    return std::stoull(*text);
  } catch (...) {
    return 0;
  }
}

/// The value after `key` in a "key value" per-line file (memory.oom_control, pids.events).
std::uint64_t read_keyed(const std::string& path, const std::string& key) {
  auto text = read_file(path);
  if (!text) return 0;
  std::istringstream in(*text);
  std::string k;
  std::uint64_t v = 0;
  while (in >> k >> v) {
    if (k == key) return v;
  }
  return 0;
}

bool is_dir(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string make_dir(const std::string& controller_root, const std::string& name) {
  if (!is_dir(controller_root)) return "";
  const std::string path = controller_root + "/" + name;
  if (::mkdir(path.c_str(), 0755) != 0) return "";
  return path;
}

void remove_dir(const std::string& path) {
  if (path.empty()) return;
  // The kernel refuses rmdir while exiting tasks are still attached; retry briefly.
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (::rmdir(path.c_str()) == 0 || errno == ENOENT) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

/// CFS quota per 100 ms period; the kernel refuses less than 1 ms.
std::uint64_t quota_us(std::uint32_t millicores) {
  return std::max<std::uint64_t>(1000, millicores * 100ull);
}

std::string unique_name() {
  static std::atomic<std::uint64_t> counter{0};
  return "icnmesh-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

std::optional<JobCgroup> JobCgroup::create(const Limits& limits) {
  JobCgroup cg;
  const std::string name = unique_name();
  const std::string root = kRoot;
  cg.memory_ = make_dir(root + "/memory", name);
  if (!cg.memory_.empty()) {
    // v1
    if (limits.memory_bytes > 0) {
      const std::string bytes = std::to_string(limits.memory_bytes);
      cg.memory_limited_ = write_file(cg.memory_ + "/memory.limit_in_bytes", bytes);
      write_file(cg.memory_ + "/memory.memsw.limit_in_bytes", bytes);  // absent without swap
    }
    cg.pids_ = make_dir(root + "/pids", name);
    if (!cg.pids_.empty()) {
      cg.pids_limited_ = write_file(cg.pids_ + "/pids.max", std::to_string(limits.max_pids));
    }
    cg.cpu_ = make_dir(root + "/cpu", name);
    if (!cg.cpu_.empty() && limits.cpu_millicores > 0) {
      write_file(cg.cpu_ + "/cpu.cfs_period_us", "100000");
      write_file(cg.cpu_ + "/cpu.cfs_quota_us", std::to_string(quota_us(limits.cpu_millicores)));
    }
    // cpu and cpuacct may be one co-mounted hierarchy (then the directory already exists).
    const std::string acct_root = root + "/cpuacct";
    if (is_dir(acct_root + "/" + name)) {
      cg.cpuacct_ = "";
    } else {
      cg.cpuacct_ = make_dir(acct_root, name);
    }
    return cg;
  }
  // v2: the unified hierarchy, either mounted at the root or under unified/.
  for (const std::string& base : {root, root + "/unified"}) {
    auto controllers = read_file(base + "/cgroup.subtree_control");
    if (!controllers || controllers->find("memory") == std::string::npos) continue;
    cg.unified_ = make_dir(base, name);
    if (cg.unified_.empty()) continue;
    if (limits.memory_bytes > 0) {
      cg.memory_limited_ =
          write_file(cg.unified_ + "/memory.max", std::to_string(limits.memory_bytes));
      write_file(cg.unified_ + "/memory.swap.max", "0");
    }
    cg.pids_limited_ = write_file(cg.unified_ + "/pids.max", std::to_string(limits.max_pids));
    if (limits.cpu_millicores > 0) {
      write_file(cg.unified_ + "/cpu.max",
                 std::to_string(quota_us(limits.cpu_millicores)) + " 100000");
    }
    return cg;
  }
  return std::nullopt;
}

JobCgroup::JobCgroup(JobCgroup&& other) noexcept
    : memory_(std::move(other.memory_)),
      pids_(std::move(other.pids_)),
      cpu_(std::move(other.cpu_)),
      cpuacct_(std::move(other.cpuacct_)),
      unified_(std::move(other.unified_)),
      memory_limited_(other.memory_limited_),
      pids_limited_(other.pids_limited_) {
  other.memory_.clear();
  other.pids_.clear();
  other.cpu_.clear();
  other.cpuacct_.clear();
  other.unified_.clear();
}

JobCgroup::~JobCgroup() {
  kill_all();
  remove_dir(memory_);
  remove_dir(pids_);
  remove_dir(cpu_);
  remove_dir(cpuacct_);
  remove_dir(unified_);
}

bool JobCgroup::add(pid_t pid) const {
  const std::string text = std::to_string(pid);
  bool ok = true;
  for (const std::string* dir : {&memory_, &pids_, &cpu_, &cpuacct_, &unified_}) {
    if (!dir->empty()) ok = write_file(*dir + "/cgroup.procs", text) && ok;
  }
  return ok;
}

std::uint64_t JobCgroup::peak_memory_bytes() const {
  if (!memory_.empty()) return read_u64(memory_ + "/memory.max_usage_in_bytes");
  if (!unified_.empty()) return read_u64(unified_ + "/memory.peak");
  return 0;
}

std::uint64_t JobCgroup::cpu_ms() const {
  const std::string acct = !cpuacct_.empty() ? cpuacct_ : cpu_;
  if (!acct.empty()) return read_u64(acct + "/cpuacct.usage") / 1'000'000;
  if (!unified_.empty()) return read_keyed(unified_ + "/cpu.stat", "usage_usec") / 1000;
  return 0;
}

std::uint64_t JobCgroup::oom_kills() const {
  if (!memory_.empty()) return read_keyed(memory_ + "/memory.oom_control", "oom_kill");
  if (!unified_.empty()) return read_keyed(unified_ + "/memory.events", "oom_kill");
  return 0;
}

std::uint64_t JobCgroup::pids_refused() const {
  const std::string dir = !pids_.empty() ? pids_ : unified_;
  if (dir.empty()) return 0;
  return read_keyed(dir + "/pids.events", "max");
}

void JobCgroup::kill_all() const {
  const std::string dir = !pids_.empty() ? pids_ : (!memory_.empty() ? memory_ : unified_);
  if (dir.empty()) return;
  for (int round = 0; round < 20; ++round) {
    auto procs = read_file(dir + "/cgroup.procs");
    if (!procs || procs->empty()) return;
    std::istringstream in(*procs);
    pid_t pid = 0;
    while (in >> pid) ::kill(pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace icn::runtime::sandbox
