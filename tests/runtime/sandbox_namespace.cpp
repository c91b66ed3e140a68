// The namespace sandbox: busybox jobs in fresh namespaces with a read-only busybox root built
// on demand, uid 65534, seccomp, rlimits and cgroups.
#include <doctest/doctest.h>
#include <stdio.h>

#include <filesystem>

#include "protocol/core/content_id.hpp"
#include "runtime/container/factory.hpp"
#include "runtime/container/rootfs.hpp"
#include "sandbox_jobs.hpp"

using namespace icn;
using namespace icn::runtime;
using icn::runtime::test::out;
using icn::runtime::test::shell_job;

namespace {

const std::string kRootfsDir = std::string(ICNMESH_BINARY_DIR) + "/tests/sandbox-rootfs";

/// The test image id as the shell recipe computes it (independent of rootfs.cpp).
std::string scripted_image_id() {
  const std::string cmd =
      "bash " + std::string(ICNMESH_SOURCE_DIR) + "/runtime/images/build-test-image.sh --id-only";
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[128] = {};
  const std::size_t n = ::fread(buf, 1, sizeof(buf) - 1, p);
  ::pclose(p);
  std::string id(buf, n);
  while (!id.empty() && id.back() == '\n') id.pop_back();
  return id;
}

struct NamespaceEnv {
  std::unique_ptr<Runtime> runtime;
  std::string image_id;
};

NamespaceEnv namespace_env() {
  static const std::string id = scripted_image_id();
  NamespaceEnv env{make_namespace_runtime(kRootfsDir), id};
  return env;
}

#define REQUIRE_NAMESPACES(env)                                             \
  if (!(env).runtime) {                                                     \
    MESSAGE("SKIPPED: no namespace sandbox here (needs root and unshare)"); \
    return;                                                                 \
  }

RunRequest ns_job(const NamespaceEnv& env, const std::string& script,
                  const std::string& input = "") {
  auto req = shell_job(v1::RUNTIME_CONTAINER, script, input);
  req.spec.mutable_runtime()->mutable_image()->set_name("icnmesh/busybox:1");
  req.spec.mutable_runtime()->mutable_image()->set_digest(env.image_id);
  return req;
}

}  // namespace

TEST_CASE("image names map to directory names, and odd names to none") {
  CHECK(rootfs::image_dir_name("icnmesh/busybox:1") == "icnmesh_busybox_1");
  CHECK(rootfs::image_dir_name("../etc") == "");
  CHECK(rootfs::image_dir_name("a/../../b") == "");
  CHECK(rootfs::image_dir_name("a b") == "");
  CHECK(rootfs::is_builtin_image("icnmesh/busybox:2"));
  CHECK_FALSE(rootfs::is_builtin_image("debian:12"));
}

TEST_CASE("the rootfs built in C++ has the image id the shell recipe gives the docker image") {
  auto env = namespace_env();
  REQUIRE(env.image_id.rfind("sha256:", 0) == 0);
  const std::string dir = kRootfsDir + "/check";
  REQUIRE(rootfs::build_busybox_rootfs(dir).has_value());
  auto id = rootfs::image_id_of(dir);
  REQUIRE(id.has_value());
  CHECK(*id == env.image_id);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a namespace job runs as pid 1 and uid 65534, host 'job', input on stdin") {
  auto env = namespace_env();
  REQUIRE_NAMESPACES(env);
  CHECK(env.runtime->name() == "namespace");
  CHECK(env.runtime->kind() == v1::RUNTIME_CONTAINER);
  const auto r = env.runtime->run(ns_job(env,
                                         "tr a-z A-Z; echo $$ $(id -u) $(hostname); "
                                         "ls /proc | grep -c '^[0-9]'",
                                         "hello\n"));
  CHECK_MESSAGE(r.status == v1::EXEC_OK, r.reason);
  CHECK(out(r).rfind("HELLO\n1 65534 job\n", 0) == 0);
  CHECK(r.engine == "namespace");
  CHECK(r.output_hash == content_id(r.output));
  CHECK(r.metering.wall_ms() > 0);
  CHECK(r.metering.peak_memory_bytes() > 0);
}

TEST_CASE("a namespace job over its memory limit is reported out of memory") {
  auto env = namespace_env();
  REQUIRE_NAMESPACES(env);
  auto req = ns_job(env, "x=0123456789abcdef; while true; do x=$x$x; done");
  req.limits.memory_bytes = 32ull << 20;
  const auto r = env.runtime->run(req);
  CHECK(r.status == v1::EXEC_LIMIT_EXCEEDED);
  CHECK(r.reason == "out of memory (limit 33554432 bytes)");
}

TEST_CASE("a namespace job cannot create a socket and cannot write its root") {
  auto env = namespace_env();
  REQUIRE_NAMESPACES(env);
  const auto r = env.runtime->run(
      ns_job(env,
             "nc 127.0.0.1 9 </dev/null 2>&1; echo nc=$?; touch /bin/x 2>&1; echo touch=$?; "
             "echo ok > /tmp/f && cat /tmp/f"));
  CHECK_MESSAGE(r.status == v1::EXEC_OK, r.reason);
  const std::string o = out(r);
  CHECK_MESSAGE(o.find("socket: Operation not permitted") != std::string::npos, o);
  CHECK(o.find("nc=0") == std::string::npos);
  CHECK(o.find("touch=0") == std::string::npos);
  CHECK(o.find("\nok\n") != std::string::npos);  // /tmp is a writable tmpfs
}

TEST_CASE("namespace output cap, non-zero exit and wall clock") {
  auto env = namespace_env();
  REQUIRE_NAMESPACES(env);
  auto capped = ns_job(env, "yes");
  capped.limits.max_output_bytes = 1000;
  const auto c = env.runtime->run(capped);
  CHECK(c.status == v1::EXEC_LIMIT_EXCEEDED);
  CHECK(c.output.size() == 1000);

  const auto t = env.runtime->run(ns_job(env, "echo out; exit 7"));
  CHECK(t.status == v1::EXEC_TRAP);
  CHECK(t.exit_code == 7);
  CHECK(t.reason == "exit code 7");

  auto slow = ns_job(env, "sleep 60 & sleep 60");
  slow.limits.wall_time_ms = 300;
  const auto s = env.runtime->run(slow);
  CHECK(s.status == v1::EXEC_TIMEOUT);
  CHECK(s.metering.wall_ms() < 10'000);
}

TEST_CASE("a namespace job that forks too many processes hits the pids limit") {
  auto env = namespace_env();
  REQUIRE_NAMESPACES(env);
  auto req = ns_job(env, "for i in $(seq 40); do sleep 5 & done; wait");
  req.limits.max_pids = 8;
  const auto r = env.runtime->run(req);
  CHECK(r.status != v1::EXEC_OK);
  CHECK(r.status != v1::EXEC_TIMEOUT);
  MESSAGE("fork bomb in the namespace sandbox: " << r.reason);
}

TEST_CASE("a namespace job whose image digest does not match is refused") {
  auto env = namespace_env();
  REQUIRE_NAMESPACES(env);
  auto req = ns_job(env, "echo never");
  req.spec.mutable_runtime()->mutable_image()->set_digest("sha256:" + std::string(64, '1'));
  const auto r = env.runtime->run(req);
  CHECK(r.status == v1::EXEC_ERROR);
  CHECK(r.reason.find("the spec pins sha256:111") != std::string::npos);
  req.spec.mutable_runtime()->mutable_image()->set_name("unknown/image:1");
  const auto u = env.runtime->run(req);
  CHECK(u.status == v1::EXEC_ERROR);
  CHECK(u.reason.find("no root filesystem") != std::string::npos);
}

TEST_CASE("a megabyte of input goes through a namespace job and back") {
  auto env = namespace_env();
  REQUIRE_NAMESPACES(env);
  std::string input;
  for (int i = 0; input.size() < (1u << 20); ++i) input += std::to_string(i) + "\n";
  auto req = ns_job(env, "cat", input);
  req.limits.max_output_bytes = 4u << 20;
  const auto r = env.runtime->run(req);
  CHECK_MESSAGE(r.status == v1::EXEC_OK, r.reason);
  CHECK(out(r) == input);
}

TEST_CASE("tiny and huge cpu requests still run in the namespace sandbox") {
  auto env = namespace_env();
  REQUIRE_NAMESPACES(env);
  for (std::uint32_t millicores : {1u, 1'000'000u}) {
    auto req = ns_job(env, "echo ok");
    req.limits.cpu_millicores = millicores;
    const auto r = env.runtime->run(req);
    CHECK_MESSAGE(r.status == v1::EXEC_OK, millicores << " millicores: " << r.reason);
    CHECK(out(r) == "ok\n");
  }
}
