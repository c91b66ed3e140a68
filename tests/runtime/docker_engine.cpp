// The Docker Engine backend against a private daemon started by the ctest fixture
// tests/docker/start-dockerd.sh (state in <build>/tests/docker-test). Without a daemon every
// case prints "SKIPPED: no docker daemon: <reason>" and passes.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "protocol/core/content_id.hpp"
#include "runtime/container/docker_client.hpp"
#include "runtime/container/factory.hpp"
#include "sandbox_jobs.hpp"

using namespace icn;
using namespace icn::runtime;
using icn::runtime::test::out;
using icn::runtime::test::shell_job;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

struct DockerEnv {
  std::unique_ptr<Runtime> runtime;
  std::string image_id;
  std::string skip_reason;
};

DockerEnv docker_env() {
  const std::string state = std::string(ICNMESH_BINARY_DIR) + "/tests/docker-test";
  DockerEnv env;
  env.skip_reason = slurp(state + "/skip-reason");
  if (!env.skip_reason.empty()) return env;
  const std::string socket = slurp(state + "/socket");
  env.image_id = slurp(state + "/image-id");
  if (socket.empty() || env.image_id.empty()) {
    env.skip_reason =
        "the docker fixture did not run (ctest starts it; by hand: "
        "tests/docker/start-dockerd.sh " +
        state + ")";
    return env;
  }
  env.runtime = make_docker_runtime(socket);
  if (!env.runtime) env.skip_reason = "no answer to GET /_ping on " + socket;
  return env;
}

#define REQUIRE_DOCKER(env)                                      \
  if (!(env).runtime) {                                          \
    MESSAGE("SKIPPED: no docker daemon: " << (env).skip_reason); \
    return;                                                      \
  }

RunRequest container_job(const DockerEnv& env, const std::string& script,
                         const std::string& input = "") {
  auto req = shell_job(v1::RUNTIME_CONTAINER, script, input);
  req.spec.mutable_runtime()->mutable_image()->set_name("icnmesh/busybox:1");
  req.spec.mutable_runtime()->mutable_image()->set_digest(env.image_id);
  return req;
}

}  // namespace

TEST_CASE("a container job gets its input on stdin and returns stdout") {
  auto env = docker_env();
  REQUIRE_DOCKER(env);
  CHECK(env.runtime->name() == "docker");
  CHECK(env.runtime->kind() == v1::RUNTIME_CONTAINER);
  const auto r = env.runtime->run(container_job(env, "tr a-z A-Z; id -u; echo done", "hello\n"));
  CHECK_MESSAGE(r.status == v1::EXEC_OK, r.reason);
  CHECK(out(r) == "HELLO\n65534\ndone\n");
  CHECK(r.output_hash == content_id(r.output));
  CHECK(r.engine == "docker");
  CHECK(r.metering.output_bytes() == r.output.size());
  CHECK(r.metering.wall_ms() > 0);
}

TEST_CASE("a container over its memory limit is reported out of memory") {
  auto env = docker_env();
  REQUIRE_DOCKER(env);
  auto req = container_job(env, "x=0123456789abcdef; while true; do x=$x$x; done");
  req.limits.memory_bytes = 32ull << 20;
  const auto r = env.runtime->run(req);
  CHECK(r.status == v1::EXEC_LIMIT_EXCEEDED);
  CHECK(r.reason == "out of memory (limit 33554432 bytes)");
}

TEST_CASE("a container has no network and a read-only root") {
  auto env = docker_env();
  REQUIRE_DOCKER(env);
  const auto r = env.runtime->run(container_job(
      env,
      "nc 1.1.1.1 80 </dev/null 2>&1; echo nc=$?; wget -q -T 2 http://1.1.1.1/ 2>&1; "
      "echo wget=$?; touch /bin/x 2>&1; echo touch=$?; cat /proc/net/dev | tail -n +3 | "
      "cut -d: -f1 | tr -d ' '"));
  CHECK_MESSAGE(r.status == v1::EXEC_OK, r.reason);
  const std::string o = out(r);
  CHECK_MESSAGE(o.find("Network is unreachable") != std::string::npos, o);
  CHECK(o.find("nc=0") == std::string::npos);
  CHECK(o.find("wget=0") == std::string::npos);
  CHECK(o.find("touch=0") == std::string::npos);
  CHECK(o.substr(o.size() - 3) == "lo\n");  // the only interface is loopback
}

TEST_CASE("container output is capped, a non-zero exit is a trap, the wall clock kills") {
  auto env = docker_env();
  REQUIRE_DOCKER(env);
  auto capped = container_job(env, "yes");
  capped.limits.max_output_bytes = 1000;
  const auto c = env.runtime->run(capped);
  CHECK(c.status == v1::EXEC_LIMIT_EXCEEDED);
  CHECK(c.output.size() == 1000);

  const auto t = env.runtime->run(container_job(env, "echo out; echo err >&2; exit 3"));
  CHECK(t.status == v1::EXEC_TRAP);
  CHECK(t.exit_code == 3);
  CHECK(t.reason.rfind("exit code 3", 0) == 0);
  CHECK(out(t) == "out\n");

  auto slow = container_job(env, "sleep 60");
  slow.limits.wall_time_ms = 1500;
  const auto s = env.runtime->run(slow);
  CHECK(s.status == v1::EXEC_TIMEOUT);
}

TEST_CASE("a container that forks too many processes hits the pids limit") {
  auto env = docker_env();
  REQUIRE_DOCKER(env);
  auto req = container_job(env, "for i in $(seq 40); do sleep 5 & done; wait");
  req.limits.max_pids = 8;
  const auto r = env.runtime->run(req);
  CHECK(r.status != v1::EXEC_OK);
  CHECK(r.status != v1::EXEC_TIMEOUT);
  MESSAGE("fork bomb in docker: " << r.reason);
}

TEST_CASE("an image whose id differs from the spec's digest is refused") {
  auto env = docker_env();
  REQUIRE_DOCKER(env);
  auto req = container_job(env, "echo never");
  req.spec.mutable_runtime()->mutable_image()->set_digest("sha256:" + std::string(64, '0'));
  const auto r = env.runtime->run(req);
  CHECK(r.status == v1::EXEC_ERROR);
  CHECK(r.reason.find("the spec pins sha256:000") != std::string::npos);
  req.spec.mutable_runtime()->mutable_image()->set_name("icnmesh/absent:1");
  CHECK(env.runtime->run(req).status == v1::EXEC_ERROR);
}

TEST_CASE("no daemon on a socket path means no docker runtime") {
  CHECK(make_docker_runtime("/nonexistent/docker.sock") == nullptr);
}

TEST_CASE("a megabyte of input goes through a container and back") {
  auto env = docker_env();
  REQUIRE_DOCKER(env);
  std::string input;
  for (int i = 0; input.size() < (1u << 20); ++i) input += std::to_string(i) + "\n";
  auto req = container_job(env, "cat", input);
  req.limits.max_output_bytes = 4u << 20;
  const auto r = env.runtime->run(req);
  CHECK_MESSAGE(r.status == v1::EXEC_OK, r.reason);
  CHECK(out(r) == input);
}

TEST_CASE("cpu requests outside the daemon's range are clamped, not refused") {
  auto env = docker_env();
  REQUIRE_DOCKER(env);
  for (std::uint32_t millicores : {1u, 1'000'000u}) {
    auto req = container_job(env, "echo ok");
    req.limits.cpu_millicores = millicores;
    const auto r = env.runtime->run(req);
    CHECK_MESSAGE(r.status == v1::EXEC_OK, millicores << " millicores: " << r.reason);
  }
}

TEST_CASE("a missing built-in busybox image is built and loaded on demand, same id") {
  auto env = docker_env();
  REQUIRE_DOCKER(env);
  // Another tag of the same image: removing it only untags, so parallel cases are unaffected.
  const std::string tag = "icnmesh/busybox:ondemand";
  docker::DockerClient client(slurp(std::string(ICNMESH_BINARY_DIR) + "/tests/docker-test/socket"));
  client.request("DELETE", "/images/" + tag);
  CHECK(client.request("GET", "/images/" + tag + "/json").status == 404);
  auto req = container_job(env, "echo loaded");
  req.spec.mutable_runtime()->mutable_image()->set_name(tag);
  const auto r = env.runtime->run(req);
  CHECK_MESSAGE(r.status == v1::EXEC_OK, r.reason);
  CHECK(out(r) == "loaded\n");
  CHECK(client.request("GET", "/images/" + tag + "/json").status == 200);
}
