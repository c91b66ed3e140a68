#include "node/cli/input_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace icn::cli {

Expected<std::string> read_input_file(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail("io", std::strerror(EISDIR));
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("io", std::strerror(errno));
  std::string text;
  char chunk[64 * 1024];
  while (text.size() <= max_bytes && in.read(chunk, sizeof chunk).gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return fail("io", std::strerror(errno));
  if (text.size() > max_bytes + 1) text.resize(max_bytes + 1);
  return text;
}

}  // namespace icn::cli
