#pragma once
// Deterministic, checkable choices among DIDs: rank every candidate by a domain-separated
// hash of a public key (a job id, a seed) and its DID. Anyone holding the same inputs gets
// the same ranking, and nobody can move a DID up without changing the key.
#include <string>
#include <string_view>
#include <vector>

#include "protocol/core/bytes.hpp"

namespace icn {

/// The distinct, non-empty `dids` not in `exclude`, ranked by SHA-256(domain ‖ len(key) ‖ key
/// ‖ len(did) ‖ did) (lengths are 4-byte big-endian), ties by DID, best first.
std::vector<std::string> rank_by_hash(std::string_view domain, ByteView key,
                                      const std::vector<std::string>& dids,
                                      const std::vector<std::string>& exclude = {});

}  // namespace icn
