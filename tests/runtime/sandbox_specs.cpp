// The pins in scenarios/jobs/container-*.pbtxt and native-*.pbtxt still match this machine's
// busybox-static, and the small factory helpers behave.
#include <doctest/doctest.h>
#include <stdio.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "proto/job.pb.h"
#include "protocol/core/content_id.hpp"
#include "runtime/container/factory.hpp"
#include "sandbox_jobs.hpp"

using namespace icn;
using namespace icn::runtime;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The first quoted value after `key` in a text-format spec (enough for the pinned fields).
std::string field(const std::string& text, const std::string& key) {
  const auto at = text.find("\n    " + key + ": \"");
  if (at == std::string::npos) return "";
  const auto start = text.find('"', at) + 1;
  return text.substr(start, text.find('"', start) - start);
}

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

const std::string kJobs = std::string(ICNMESH_SOURCE_DIR) + "/scenarios/jobs/";

}  // namespace

TEST_CASE("the container examples pin the image id the test image recipe produces") {
  const std::string id = scripted_image_id();
  REQUIRE(id.rfind("sha256:", 0) == 0);
  for (const char* spec : {"container-echo.pbtxt", "container-oom.pbtxt"}) {
    CHECK_MESSAGE(field(slurp(kJobs + spec), "digest") == id,
                  spec << ": re-pin the digest to " << id << " (busybox-static changed?)");
  }
}

TEST_CASE("the native examples pin this machine's busybox-static") {
  const Bytes busybox = test::read_binary("/bin/busybox");
  REQUIRE_FALSE(busybox.empty());
  const std::string id = content_id(busybox);
  for (const char* spec : {"native-wc.pbtxt", "native-timeout.pbtxt"}) {
    const std::string text = slurp(kJobs + spec);
    CHECK_MESSAGE(field(text, "hash") == id, spec << ": re-pin the code hash to " << id);
    CHECK(text.find("size: " + std::to_string(busybox.size())) != std::string::npos);
  }
}

TEST_CASE("the docker socket comes from DOCKER_HOST unix:// or the default path") {
  const char* saved = std::getenv("DOCKER_HOST");
  const std::string keep = saved != nullptr ? saved : "";
  ::setenv("DOCKER_HOST", "unix:///tmp/x/docker.sock", 1);
  CHECK(default_docker_socket() == "/tmp/x/docker.sock");
  ::setenv("DOCKER_HOST", "tcp://127.0.0.1:2375", 1);
  CHECK(default_docker_socket() == "/var/run/docker.sock");
  ::unsetenv("DOCKER_HOST");
  CHECK(default_docker_socket() == "/var/run/docker.sock");
  if (saved != nullptr) ::setenv("DOCKER_HOST", keep.c_str(), 1);
}

TEST_CASE("the rootfs dir comes from ICNMESH_ROOTFS_DIR, else a cache dir") {
  const char* saved = std::getenv("ICNMESH_ROOTFS_DIR");
  const std::string keep = saved != nullptr ? saved : "";
  ::setenv("ICNMESH_ROOTFS_DIR", "/srv/rootfs", 1);
  CHECK(default_rootfs_dir() == "/srv/rootfs");
  ::unsetenv("ICNMESH_ROOTFS_DIR");
  CHECK(default_rootfs_dir().find("icnmesh") != std::string::npos);
  if (saved != nullptr) ::setenv("ICNMESH_ROOTFS_DIR", keep.c_str(), 1);
}
