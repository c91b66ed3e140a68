#pragma once
// Job ids and input digests: content ids over canonical bytes (docs/protocol.md).
#include <string>

#include "proto/job.pb.h"

namespace icn {

namespace v1 = icnmesh::v1;

/// The job id: content_id(deterministic_bytes(spec)). Equal specs give equal ids;
/// any field change (the nonce, for two otherwise equal submissions) gives another id.
std::string job_id(const v1::JobSpec& spec);

/// The receipt's input_hash: content id over "icnmesh/inputs/v1\n" followed by each
/// input's hash (in spec order), each with a 4-byte big-endian length prefix.
std::string input_digest(const v1::JobSpec& spec);

}  // namespace icn
