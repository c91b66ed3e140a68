#pragma once
// A one-screen human summary of a JobSpec (icnmesh job validate prints it).
#include <cstdint>
#include <string>

#include "proto/job.pb.h"

namespace icn {

namespace v1 = icnmesh::v1;

/// Several "label: value" lines, each ending in '\n': name, job id, submitter, runtime,
/// inputs, resources (MiB, ms), payment and escrow, privacy, accuracy, determinism,
/// validation, deadlines, and sharding / federated-learning lines when present.
std::string spec_summary(const v1::JobSpec& spec);

/// "512 B", "1.5 KiB", "64 MiB", "2 GiB": binary units, at most one decimal.
std::string human_bytes(std::uint64_t bytes);
/// "250 ms", "1.5 s", "2 min", "1.2 h".
std::string human_duration_ms(std::uint64_t ms);

}  // namespace icn
