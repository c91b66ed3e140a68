// The Docker Engine backend (RUNTIME_CONTAINER, "docker"). One container per job:
// create (pinned image id, no network, read-only root, all capabilities dropped,
// no-new-privileges, memory/swap/cpu/pids limits, small tmpfs /tmp, uid 65534) -> attach
// (stdin carries the input; stdout/stderr come back multiplexed) -> start -> pump until the
// stream ends or the wall clock / output cap kills it -> wait -> inspect -> delete.
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "protocol/core/content_id.hpp"
#include "runtime/container/docker_client.hpp"
#include "runtime/container/factory.hpp"
#include "runtime/container/rootfs.hpp"
#include "runtime/native/sandbox_steps.hpp"

namespace icn::runtime {
namespace {

using docker::DockerClient;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::uint64_t kDockerMinMemory = 6ull << 20;  // the daemon refuses less
constexpr std::size_t kStderrTail = 2048;

std::uint64_t elapsed_ms(std::chrono::steady_clock::time_point start) {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - start)
                                        .count());
}

/// Counters of the container's cgroup (cgroupfs driver, default parent "docker"), read while
/// it runs because the daemon removes the cgroup when the container stops. Best effort.
struct CgroupSampler {
  std::string id;
  std::uint64_t peak_memory = 0;
  std::uint64_t cpu_ms = 0;
  std::uint64_t pids_refused = 0;

  static std::uint64_t read_u64(const std::string& path, const std::string& key = "") {
    std::ifstream in(path);
    if (!in) return 0;
    if (key.empty()) {
      std::uint64_t v = 0;
      in >> v;
      return v;
    }
    std::string k;
    std::uint64_t v = 0;
    while (in >> k >> v) {
      if (k == key) return v;
    }
    return 0;
  }
  void sample() {
    const std::string base = "/sys/fs/cgroup/";
    peak_memory = std::max(peak_memory,
                           read_u64(base + "memory/docker/" + id + "/memory.max_usage_in_bytes"));
    cpu_ms =
        std::max(cpu_ms, read_u64(base + "cpuacct/docker/" + id + "/cpuacct.usage") / 1'000'000);
    pids_refused =
        std::max(pids_refused, read_u64(base + "pids/docker/" + id + "/pids.events", "max"));
  }
};

RunResult error_result(const std::string& reason) {
  RunResult r;
  r.status = v1::EXEC_ERROR;
  r.reason = reason;
  r.engine = "docker";
  r.output_hash = content_id(r.output);
  return r;
}

std::string api_error(const docker::HttpResponse& r) {
  if (r.status == 0) return r.error;
  try {
    return "HTTP " + std::to_string(r.status) + ": " + json::parse(r.body).value("message", r.body);
  } catch (...) {
    return "HTTP " + std::to_string(r.status) + ": " + r.body;
  }
}

class DockerRuntime final : public Runtime {
 public:
  explicit DockerRuntime(std::string socket) : client_(std::move(socket)) {}
  std::string name() const override { return "docker"; }
  v1::RuntimeKind kind() const override { return v1::RUNTIME_CONTAINER; }

  RunResult run(const RunRequest& request) override {
    const auto& rt = request.spec.runtime();
    if (rt.kind() != v1::RUNTIME_CONTAINER) {
      return error_result("docker engine got a job of another runtime kind");
    }
    const std::string& image = rt.image().name();
    const std::string& digest = rt.image().digest();
    if (image.empty()) return error_result("container job names no image");
    if (digest.empty()) return error_result("container job pins no image digest");
    auto img = client_.request("GET", "/images/" + image + "/json");
    if (img.status == 404 && rootfs::is_builtin_image(image)) {
      if (auto loaded = load_builtin_image(image); !loaded)
        return error_result(loaded.error().message);
      img = client_.request("GET", "/images/" + image + "/json");
    }
    if (img.status == 404) {
      return error_result("image " + image +
                          " is not in the local daemon (build it with "
                          "runtime/images/build-test-image.sh)");
    }
    if (img.status != 200) return error_result("inspecting image " + image + ": " + api_error(img));
    std::string image_id;
    try {
      image_id = json::parse(img.body).at("Id").get<std::string>();
    } catch (const std::exception& e) {
      return error_result(std::string("bad image inspect answer: ") + e.what());
    }
    if (image_id != digest) {
      return error_result("image " + image + " has id " + image_id + ", the spec pins " + digest);
    }

    const Limits limits = sandbox::effective_limits(request.limits);
    const std::uint64_t memory = std::max(limits.memory_bytes, kDockerMinMemory);
    json cmd = json::array();
    if (!rt.entrypoint().empty()) cmd.push_back(rt.entrypoint());
    for (const auto& a : rt.args()) cmd.push_back(a);
    json env = json::array();
    for (const auto& e : rt.env()) env.push_back(e.name() + "=" + e.value());
    json host = {
        {"Memory", memory},
        {"MemorySwap", memory},
        {"PidsLimit", limits.max_pids},
        {"NetworkMode", "none"},
        {"ReadonlyRootfs", true},
        {"CapDrop", {"ALL"}},
        {"SecurityOpt", {"no-new-privileges"}},
        {"Tmpfs", {{"/tmp", "rw,nosuid,nodev,size=16m"}}},
        {"LogConfig", {{"Type", "none"}}},
        {"Ulimits",
         {{{"Name", "nofile"}, {"Soft", sandbox::kMaxOpenFiles}, {"Hard", sandbox::kMaxOpenFiles}},
          {{"Name", "core"}, {"Soft", 0}, {"Hard", 0}},
          {{"Name", "fsize"}, {"Soft", sandbox::kMaxFileBytes}, {"Hard", sandbox::kMaxFileBytes}}}},
    };
    if (limits.cpu_millicores > 0) {
      // The daemon accepts 0.01 CPU up to the machine's CPU count; clamp instead of failing.
      const std::uint64_t cpus = std::max(1u, std::thread::hardware_concurrency());
      host["NanoCpus"] = std::clamp<std::uint64_t>(std::uint64_t{limits.cpu_millicores} * 1'000'000,
                                                   10'000'000, cpus * 1'000'000'000);
    }
    json create = {
        {"Image", image_id},  // the pinned id, not the tag: a re-tag cannot swap the image
        {"Env", env},
        {"User", "65534:65534"},
        {"WorkingDir", "/tmp"},
        {"Hostname", "job"},
        {"NetworkDisabled", true},
        {"AttachStdin", true},
        {"AttachStdout", true},
        {"AttachStderr", true},
        {"OpenStdin", true},
        {"StdinOnce", true},
        {"Tty", false},
        {"HostConfig", host},
    };
    if (!cmd.empty()) create["Cmd"] = cmd;
    const auto created = client_.request("POST", "/containers/create", create.dump());
    if (created.status != 201) return error_result("creating the container: " + api_error(created));
    std::string id;
    try {
      id = json::parse(created.body).at("Id").get<std::string>();
    } catch (const std::exception& e) {
      return error_result(std::string("bad create answer: ") + e.what());
    }
    RunResult result = run_container(id, request, limits, memory);
    client_.request("DELETE", "/containers/" + id + "?force=1&v=1");
    return result;
  }

 private:
  RunResult run_container(const std::string& id, const RunRequest& request, const Limits& limits,
                          std::uint64_t memory) {
    auto attached = client_.attach(id);
    if (!attached) return error_result("attaching to the container: " + attached.error().message);
    const int fd = *attached;
    const auto start = std::chrono::steady_clock::now();
    const auto started = client_.request("POST", "/containers/" + id + "/start");
    if (started.status != 204 && started.status != 304) {
      ::close(fd);
      return error_result("starting the container: " + api_error(started));
    }
    CgroupSampler cgroup{id};
    docker::StreamDemuxer demux;
    std::string out, err;
    std::size_t sent = 0;
    bool stdin_open = true;
    if (request.input.empty()) {
      ::shutdown(fd, SHUT_WR);
      stdin_open = false;
    }
    bool timed_out = false, capped = false, eof = false;
    char buf[65536];
    while (!eof) {
      cgroup.sample();
      const std::uint64_t now = elapsed_ms(start);
      if (now >= limits.wall_time_ms) {
        timed_out = true;
        break;
      }
      pollfd p{fd, static_cast<short>(POLLIN | (stdin_open ? POLLOUT : 0)), 0};
      ::poll(&p, 1, static_cast<int>(std::min<std::uint64_t>(20, limits.wall_time_ms - now)));
      if (stdin_open && (p.revents & POLLOUT) != 0) {
        const ssize_t w = ::send(fd, request.input.data() + sent, request.input.size() - sent,
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w > 0) sent += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN) stdin_open = false;
        if (sent == request.input.size() || !stdin_open) {
          ::shutdown(fd, SHUT_WR);  // the daemon closes the container's stdin (StdinOnce)
          stdin_open = false;
        }
      }
      if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t r = ::recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
          eof = true;
        } else if (r > 0) {
          demux.feed(buf, static_cast<std::size_t>(r), out, err);
          if (err.size() > kStderrTail) err.erase(0, err.size() - kStderrTail);
          if (out.size() > limits.max_output_bytes) {
            out.resize(limits.max_output_bytes);
            capped = true;
            break;
          }
        }
      }
    }
    ::close(fd);
    if (timed_out || capped) client_.request("POST", "/containers/" + id + "/kill?signal=KILL");
    client_.request("POST", "/containers/" + id + "/wait", "", 60'000);
    const std::uint64_t wall = elapsed_ms(start);
    cgroup.sample();

    RunResult r;
    r.engine = "docker";
    r.output = to_bytes(out);
    r.output_hash = content_id(r.output);
    r.metering.set_wall_ms(wall);
    r.metering.set_output_bytes(r.output.size());
    r.metering.set_cpu_ms(cgroup.cpu_ms);
    r.metering.set_peak_memory_bytes(cgroup.peak_memory);
    bool oom = false;
    const auto inspected = client_.request("GET", "/containers/" + id + "/json");
    try {
      const json state = json::parse(inspected.body).at("State");
      oom = state.value("OOMKilled", false);
      r.exit_code = state.value("ExitCode", 0);
    } catch (const std::exception& e) {
      return error_result("inspecting the finished container: " + api_error(inspected));
    }
    if (timed_out) {
      r.status = v1::EXEC_TIMEOUT;
      r.reason = "wall-clock limit of " + std::to_string(limits.wall_time_ms) + " ms exceeded";
    } else if (capped) {
      r.status = v1::EXEC_LIMIT_EXCEEDED;
      r.reason = "output exceeded " + std::to_string(limits.max_output_bytes) + " bytes";
    } else if (oom) {
      r.status = v1::EXEC_LIMIT_EXCEEDED;
      r.reason = "out of memory (limit " + std::to_string(memory) + " bytes)";
    } else if (r.exit_code != 0 && cgroup.pids_refused > 0) {
      r.status = v1::EXEC_LIMIT_EXCEEDED;
      r.reason = "process limit of " + std::to_string(limits.max_pids) + " reached";
    } else if (r.exit_code != 0) {
      r.status = v1::EXEC_TRAP;
      r.reason = "exit code " + std::to_string(r.exit_code);
      if (!err.empty())
        r.reason += "; stderr: " + err.substr(err.size() - std::min<std::size_t>(err.size(), 240));
    } else {
      r.status = v1::EXEC_OK;
    }
    return r;
  }

  /// Loads icnmesh/busybox:<tag> into the daemon, built locally from busybox-static (no
  /// registry): the same reproducible image as runtime/images/build-test-image.sh.
  Expected<bool> load_builtin_image(const std::string& image) {
    std::string work = fs::temp_directory_path().string() + "/icnmesh-image-XXXXXX";
    if (::mkdtemp(work.data()) == nullptr) return fail("docker", "cannot create a scratch dir");
    auto archive = rootfs::busybox_image_archive(work, image);
    std::error_code ec;
    fs::remove_all(work, ec);
    if (!archive) return tl::unexpected(archive.error());
    const auto loaded = client_.request("POST", "/images/load?quiet=1", to_string(*archive),
                                        120'000, "application/x-tar");
    if (loaded.status != 200) return fail("docker", "loading " + image + ": " + api_error(loaded));
    return true;
  }

  DockerClient client_;
};

}  // namespace

std::unique_ptr<Runtime> make_docker_runtime(const std::string& socket_path) {
  if (socket_path.empty() || !DockerClient(socket_path).ping()) return nullptr;
  return std::make_unique<DockerRuntime>(socket_path);
}

}  // namespace icn::runtime
