// Key files: PEM round trip, mode 0600, no silent overwrite, clear errors and warnings.
#include "node/keyfile.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace icn;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/icnmesh-keyfile-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("write then read returns the same seed, with mode 0600") {
  TempDir dir;
  const std::string file = dir.path + "/k.pem";
  Ed25519Seed seed = node::fresh_seed();
  REQUIRE(node::write_key_file(file, seed, false));
  CHECK(mode_of(file) == 0600);
  std::ostringstream warnings;
  auto back = node::read_key_file(file, &warnings);
  REQUIRE(back);
  CHECK(*back == seed);
  CHECK(warnings.str().empty());
}

TEST_CASE("fresh seeds differ") {
  CHECK(node::fresh_seed() != node::fresh_seed());
}

TEST_CASE("an existing file is replaced only with force") {
  TempDir dir;
  const std::string file = dir.path + "/k.pem";
  Ed25519Seed first = node::fresh_seed();
  Ed25519Seed second = node::fresh_seed();
  REQUIRE(node::write_key_file(file, first, false));
  auto refused = node::write_key_file(file, second, false);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "exists");
  CHECK(refused.error().message.find(file + ": already exists") == 0);
  CHECK(*node::read_key_file(file, nullptr) == first);
  REQUIRE(node::write_key_file(file, second, true));
  CHECK(*node::read_key_file(file, nullptr) == second);
  CHECK(mode_of(file) == 0600);
}

TEST_CASE("errors name the file and say why") {
  TempDir dir;
  auto missing = node::read_key_file(dir.path + "/none.pem", nullptr);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == dir.path + "/none.pem: No such file or directory");

  const std::string text = dir.path + "/text.pem";
  std::ofstream(text) << "not a key\n";
  auto garbage = node::read_key_file(text, nullptr);
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().message == text + ": not a PEM Ed25519 private key");

  auto directory = node::read_key_file(dir.path, nullptr);
  REQUIRE_FALSE(directory);
  CHECK(directory.error().message.find("not a regular file") != std::string::npos);

  auto no_dir = node::write_key_file(dir.path + "/no/such/dir/k.pem", node::fresh_seed(), false);
  REQUIRE_FALSE(no_dir);
  CHECK(no_dir.error().message.find(dir.path + "/no/such/dir/k.pem: ") == 0);
}

TEST_CASE("a world-readable key file is read with a warning") {
  TempDir dir;
  const std::string file = dir.path + "/k.pem";
  Ed25519Seed seed = node::fresh_seed();
  REQUIRE(node::write_key_file(file, seed, false));
  REQUIRE(::chmod(file.c_str(), 0644) == 0);
  std::ostringstream warnings;
  auto back = node::read_key_file(file, &warnings);
  REQUIRE(back);
  CHECK(*back == seed);
  CHECK(warnings.str().find(file + ": permissions 0644 are too open") == 0);
}
