#include "runtime/container/rootfs.hpp"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "protocol/core/bytes.hpp"
#include "protocol/crypto/sha256.hpp"

namespace icn::runtime::rootfs {
namespace {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Runs `command` with /bin/sh and feeds its stdout to `sink`; false on a non-zero exit.
template <class Sink>
bool run_reading(const std::string& command, Sink&& sink) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  char buf[65536];
  std::size_t n = 0;
  while ((n = ::fread(buf, 1, sizeof(buf), pipe)) > 0) sink(buf, n);
  return ::pclose(pipe) == 0;
}

}  // namespace

std::string image_dir_name(const std::string& image) {
  if (image.empty() || image[0] == '.' || image.find("..") != std::string::npos) return "";
  std::string out;
  for (char c : image) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    if (plain) {
      out += c;
    } else if (c == '/' || c == ':') {
      out += '_';
    } else {
      return "";
    }
  }
  return out;
}

bool is_builtin_image(const std::string& image) {
  return image.rfind("icnmesh/busybox:", 0) == 0 && !image_dir_name(image).empty();
}

Expected<bool> build_busybox_rootfs(const std::string& dir, const std::string& busybox) {
  std::error_code ec;
  if (!fs::is_regular_file(busybox, ec)) {
    return fail("rootfs", "busybox-static not found at " + busybox);
  }
  std::string applets;
  if (!run_reading(shell_quote(busybox) + " --list",
                   [&](const char* d, std::size_t n) { applets.append(d, n); })) {
    return fail("rootfs", busybox + " --list failed");
  }
  const std::string stage = dir + ".tmp." + std::to_string(::getpid());
  fs::remove_all(stage, ec);
  for (const char* sub : {"bin", "dev", "etc", "proc", "tmp"}) {
    fs::create_directories(stage + "/" + sub, ec);
    if (ec) return fail("rootfs", "cannot create " + stage + "/" + sub + ": " + ec.message());
  }
  fs::copy_file(busybox, stage + "/bin/busybox", ec);
  if (ec) return fail("rootfs", "cannot copy " + busybox + ": " + ec.message());
  std::istringstream list(applets);
  std::string applet;
  while (list >> applet) {
    if (applet == "busybox" || applet.find('/') != std::string::npos) continue;
    fs::create_symlink("busybox", stage + "/bin/" + applet, ec);
    if (ec) return fail("rootfs", "cannot link applet " + applet + ": " + ec.message());
  }
  for (const char* sub : {"", "/bin", "/bin/busybox", "/dev", "/etc", "/proc"}) {
    ::chmod((stage + sub).c_str(), 0755);
  }
  ::chmod((stage + "/tmp").c_str(), 01777);
  fs::create_directories(fs::path(dir).parent_path(), ec);
  fs::remove_all(dir, ec);
  fs::rename(stage, dir, ec);
  if (ec) {
    fs::remove_all(stage, ec);
    if (!fs::is_directory(dir)) return fail("rootfs", "cannot move the root filesystem to " + dir);
  }
  return true;
}

Expected<std::string> image_id_of(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail("rootfs", "no root filesystem at " + dir);
  Sha256 layer;
  const std::string command =
      "tar --format=ustar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C " +
      shell_quote(dir) + " -cf - .";
  if (!run_reading(command, [&](const char* d, std::size_t n) {
        layer.update(ByteView(reinterpret_cast<const std::uint8_t*>(d), n));
      })) {
    return fail("rootfs", "tar over " + dir + " failed");
  }
  const Digest diff = layer.finish();
  const std::string config =
      "{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"/bin/sh\"],\"Env\":[\"PATH=/usr/sbin:/"
      "usr/bin:/sbin:/bin\"]},\"created\":\"1970-01-01T00:00:00Z\",\"os\":\"linux\",\"rootfs\":{"
      "\"type\":\"layers\",\"diff_ids\":[\"sha256:" +
      hex_encode(ByteView(diff.data(), diff.size())) + "\"]}}";
  const Digest id = sha256(ByteView(config));
  return "sha256:" + hex_encode(ByteView(id.data(), id.size()));
}

}  // namespace icn::runtime::rootfs
