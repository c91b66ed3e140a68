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

namespace {

const char* const kLayerTar =
    "tar --format=ustar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C ";

std::string image_config(const std::string& diff_hex) {
  return "{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"/bin/sh\"],\"Env\":[\"PATH=/usr/sbin:/"
         "usr/bin:/sbin:/bin\"]},\"created\":\"1970-01-01T00:00:00Z\",\"os\":\"linux\",\"rootfs\":{"
         "\"type\":\"layers\",\"diff_ids\":[\"sha256:" +
         diff_hex + "\"]}}";
}

std::string digest_hex(const Digest& d) {
  return hex_encode(ByteView(d.data(), d.size()));
}

bool write_text(const std::string& path, const std::string& text) {
  FILE* f = ::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = ::fwrite(text.data(), 1, text.size(), f) == text.size();
  return ::fclose(f) == 0 && ok;
}

}  // namespace

Expected<std::string> image_id_of(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail("rootfs", "no root filesystem at " + dir);
  Sha256 layer;
  if (!run_reading(kLayerTar + shell_quote(dir) + " -cf - .", [&](const char* d, std::size_t n) {
        layer.update(ByteView(reinterpret_cast<const std::uint8_t*>(d), n));
      })) {
    return fail("rootfs", "tar over " + dir + " failed");
  }
  return "sha256:" + digest_hex(sha256(ByteView(image_config(digest_hex(layer.finish())))));
}

Expected<Bytes> busybox_image_archive(const std::string& work_dir, const std::string& tag) {
  const std::string rootfs = work_dir + "/rootfs";
  const std::string image = work_dir + "/image";
  auto built = build_busybox_rootfs(rootfs);
  if (!built) return tl::unexpected(built.error());
  Bytes layer;
  if (!run_reading(kLayerTar + shell_quote(rootfs) + " -cf - .",
                   [&](const char* d, std::size_t n) { layer.insert(layer.end(), d, d + n); })) {
    return fail("rootfs", "tar over " + rootfs + " failed");
  }
  const std::string diff = digest_hex(sha256(layer));
  const std::string config = image_config(diff);
  const std::string id = digest_hex(sha256(ByteView(config)));
  std::error_code ec;
  fs::create_directories(image + "/" + diff, ec);
  const std::string layer_path = image + "/" + diff + "/layer.tar";
  const bool written = write_text(layer_path, to_string(layer)) &&
                       write_text(image + "/" + id + ".json", config) &&
                       write_text(image + "/manifest.json",
                                  "[{\"Config\":\"" + id + ".json\",\"RepoTags\":[\"" + tag +
                                      "\"],\"Layers\":[\"" + diff + "/layer.tar\"]}]");
  if (!written) return fail("rootfs", "cannot write the image archive under " + image);
  Bytes archive;
  if (!run_reading("tar -C " + shell_quote(image) + " -cf - .", [&](const char* d, std::size_t n) {
        archive.insert(archive.end(), d, d + n);
      })) {
    return fail("rootfs", "tar over " + image + " failed");
  }
  return archive;
}

}  // namespace icn::runtime::rootfs
