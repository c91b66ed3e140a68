#include "runtime/wasm/content_store.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "protocol/core/content_id.hpp"

namespace icn::runtime {
namespace fs = std::filesystem;
namespace {

std::optional<Bytes> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

Expected<Bytes> from_store(const std::string& hash, const ContentLookup& lookup) {
  if (!is_content_id(hash)) return fail("bad_uri", "not a content id: \"" + hash + "\"");
  for (const auto& dir : lookup.store_dirs) {
    if (auto bytes = read_file(fs::path(dir) / store_file_name(hash))) return *bytes;
  }
  std::string where;
  for (const auto& dir : lookup.store_dirs) where += (where.empty() ? "" : ", ") + dir;
  return fail("not_found", hash + " is not in the content store (searched: " +
                               (where.empty() ? std::string("no directories") : where) + ")");
}

/// Resolves a uri or, without one, the store entry for `hash`.
Expected<Bytes> resolve(const std::string& uri, const std::string& hash,
                        const ContentLookup& lookup) {
  if (uri.empty()) return from_store(hash, lookup);
  if (uri.rfind("file:", 0) == 0) {
    fs::path p = uri.substr(5);
    if (p.is_relative() && !lookup.spec_dir.empty()) p = fs::path(lookup.spec_dir) / p;
    if (auto bytes = read_file(p)) return *bytes;
    return fail("not_found", "cannot read " + p.string() + " (from uri " + uri + ")");
  }
  if (uri.rfind("icn:", 0) == 0) return from_store(uri.substr(4), lookup);
  return fail("bad_uri", "unsupported uri " + uri + " (only file: and icn: are fetched locally)");
}

Expected<Bytes> check(Expected<Bytes> bytes, const std::string& hash, std::uint64_t size,
                      bool hash_required) {
  if (!bytes) return bytes;
  if (hash.empty()) {
    if (hash_required) return fail("no_hash", "no hash given: code is only run by content id");
  } else {
    const std::string actual = content_id(*bytes);
    if (actual != hash)
      return fail("hash_mismatch", "content id is " + actual + " but the spec says " + hash);
  }
  if (size != 0 && size != bytes->size())
    return fail("size_mismatch", "is " + std::to_string(bytes->size()) +
                                     " bytes but the spec says " + std::to_string(size));
  return bytes;
}

}  // namespace

std::string store_file_name(const std::string& content_id) {
  std::string name = content_id;
  if (auto colon = name.find(':'); colon != std::string::npos) name[colon] = '-';
  return name;
}

std::vector<std::string> default_store_dirs(const std::vector<std::string>& flag_dirs) {
  std::vector<std::string> dirs = flag_dirs;
  if (const char* env = std::getenv("ICNMESH_STORE"); env && *env) {
    std::string s(env);
    std::size_t start = 0;
    while (start <= s.size()) {
      std::size_t end = s.find(':', start);
      if (end == std::string::npos) end = s.size();
      if (end > start) dirs.push_back(s.substr(start, end - start));
      start = end + 1;
    }
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    dirs.push_back((bin / "store").string());                               // a build tree
    dirs.push_back((bin / ".." / "share" / "icnmesh" / "store").string());  // an installed prefix
  }
  return dirs;
}

Expected<Bytes> fetch_code(const v1::CodeRef& ref, const ContentLookup& lookup) {
  if (ref.hash().empty())
    return fail("no_hash", "runtime.code.hash is empty: code is only run by content id");
  Expected<Bytes> bytes = ref.has_inline_bytes() ? Expected<Bytes>(to_bytes(ref.inline_bytes()))
                                                 : resolve(ref.uri(), ref.hash(), lookup);
  return check(std::move(bytes), ref.hash(), ref.size(), true);
}

Expected<Bytes> fetch_input(const v1::Input& input, const ContentLookup& lookup) {
  if (input.has_inline_bytes())
    return check(to_bytes(input.inline_bytes()), input.hash(), input.size(), false);
  if (input.uri().empty() && input.hash().empty())
    return fail("not_found", "input has neither bytes, uri nor hash");
  return check(resolve(input.uri(), input.hash(), lookup), input.hash(), input.size(), false);
}

}  // namespace icn::runtime
