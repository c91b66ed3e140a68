#include "node/keyfile.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ostream>

namespace icn::node {

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// Writes all of `data` to `fd`, retrying on short writes and EINTR.
bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Ed25519Seed fresh_seed() {
  if (sodium_init() < 0) std::abort();  // libsodium cannot run at all
  Ed25519Seed seed{};
  randombytes_buf(seed.data(), seed.size());
  return seed;
}

Expected<void> write_key_file(const std::string& path, const Ed25519Seed& seed, bool force) {
  struct stat st {};
  if (!force && ::lstat(path.c_str(), &st) == 0) {
    return fail("exists", path + ": already exists (use --force to overwrite)");
  }
  std::string pem = ed25519_private_key_to_pem(seed);
  if (pem.empty()) return fail("io", path + ": could not encode the key");

  // The temporary name is unique per attempt; O_EXCL refuses to follow or reuse anything.
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    unsigned char rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    tmp = path + ".tmp-" + hex_encode(ByteView(rnd, sizeof rnd));
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return fail("io", path + ": cannot create a file there: " + errno_text());

  bool ok = ::fchmod(fd, 0600) == 0 && write_all(fd, pem) && ::fsync(fd) == 0;
  std::string why = ok ? "" : errno_text();
  sodium_memzero(pem.data(), pem.size());
  if (::close(fd) != 0 && ok) {
    ok = false;
    why = errno_text();
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    return fail("io", path + ": cannot write: " + why);
  }
  if (force) {
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      why = errno_text();
      ::unlink(tmp.c_str());
      return fail("io", path + ": cannot move the key into place: " + why);
    }
  } else {
    // link() fails if `path` appeared meanwhile, so a racing writer is never overwritten.
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      if (err == EEXIST)
        return fail("exists", path + ": already exists (use --force to overwrite)");
      return fail("io", path + ": cannot move the key into place: " + std::strerror(err));
    }
    ::unlink(tmp.c_str());
  }
  // Make the new directory entry durable too.
  int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

Expected<Ed25519Seed> read_key_file(const std::string& path, std::ostream* warnings) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail("io", path + ": " + errno_text());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    std::string why = errno_text();
    ::close(fd);
    return fail("io", path + ": " + why);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail("io", path + ": not a regular file");
  }
  constexpr off_t kMaxKeyFile = 64 * 1024;  // a PEM Ed25519 key is 119 bytes
  if (st.st_size > kMaxKeyFile) {
    ::close(fd);
    return fail("bad_key", path + ": not a PEM Ed25519 private key (file too large)");
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string why = errno_text();
      ::close(fd);
      return fail("io", path + ": " + why);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  text.resize(got);
  auto seed = ed25519_private_key_from_pem(text);
  sodium_memzero(text.data(), text.size());
  if (!seed) return fail("bad_key", path + ": not a PEM Ed25519 private key");
  if (warnings != nullptr && (st.st_mode & 077) != 0) {
    *warnings << path << ": permissions " << octal_mode(st.st_mode)
              << " are too open (should be 0600); using the key anyway\n";
  }
  return *seed;
}

}  // namespace icn::node
