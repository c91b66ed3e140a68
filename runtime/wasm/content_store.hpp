#pragma once
// Finding code and inputs by content id. A spec names bytes by hash; they come from the spec
// itself (inline_bytes), from a uri (file: relative to the spec file, or icn:<content id>),
// or from content-store directories holding files named "sha256-<hex>". Whatever the source,
// the bytes are checked against the hash (and size, when given) before anyone runs them.
#include <string>
#include <vector>

#include "proto/job.pb.h"
#include "protocol/core/bytes.hpp"
#include "protocol/core/error.hpp"

namespace icn::runtime {

namespace v1 = icnmesh::v1;

struct ContentLookup {
  std::string spec_dir;                 // base of relative file: uris
  std::vector<std::string> store_dirs;  // searched in order
};

/// "sha256:<hex>" -> "sha256-<hex>" (':' is awkward in file names).
std::string store_file_name(const std::string& content_id);

/// The store directories in search order: `flag_dirs`, then $ICNMESH_STORE (':'-separated),
/// then <directory of the running program>/store (a build tree), then
/// <directory of the running program>/../share/icnmesh/store (an installed prefix).
std::vector<std::string> default_store_dirs(const std::vector<std::string>& flag_dirs);

/// The bytes of `ref`, hash-checked. Error codes: "no_hash", "not_found", "hash_mismatch",
/// "size_mismatch", "bad_uri"; messages say where and why.
Expected<Bytes> fetch_code(const v1::CodeRef& ref, const ContentLookup& lookup);

/// The same for one input (its hash is checked when the spec gives one).
Expected<Bytes> fetch_input(const v1::Input& input, const ContentLookup& lookup);

}  // namespace icn::runtime
