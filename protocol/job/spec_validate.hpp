#pragma once
// Semantic checks of a parsed JobSpec: every problem, each with the field it concerns.
// A spec that passes is one the mesh can price, run, validate and settle.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/job.pb.h"
#include "protocol/core/time.hpp"

namespace icn {

namespace v1 = icnmesh::v1;

/// The only spec schema version this build understands.
inline constexpr std::uint32_t kJobSpecVersion = 1;
/// Upper bound on validators per job: re-execution cost grows linearly with k (the declared
/// limit of ValidationPolicy.validators in job.proto).
inline constexpr std::uint32_t kMaxValidators = 64;
/// Krum needs n > 2f + 2 participants to tolerate f Byzantine updates; f >= 1 gives 5.
inline constexpr std::uint32_t kKrumMinParticipants = 5;

/// One semantic problem: the dotted field path ("resources.memory_bytes",
/// "inputs[2].hash") and why it is wrong ("must be > 0").
struct SpecProblem {
  std::string field_path;
  std::string reason;
};

/// "FILE: field.path: reason".
std::string format_problem(std::string_view file, const SpecProblem& problem);

/// Every semantic problem of `spec` (empty: valid): first each field outside its declared
/// limit (protocol/wire/field_limits.hpp), then every rule below. `now` decides whether
/// deadlines.not_after_unix_ms already passed.
std::vector<SpecProblem> validate_spec(const v1::JobSpec& spec, UnixMs now);

/// Mana the submitter must lock in escrow (economics::submitter_escrow, the one place the
/// rule lives); nullopt when the sum overflows 64 bits.
std::optional<std::uint64_t> escrow_needed(const v1::Payment& payment);

/// True for an Ed25519 did:key ("did:key:z6Mk...") that decodes to a 32-byte public key
/// (protocol/identity/did.hpp).
bool is_well_formed_did_key(std::string_view did);

}  // namespace icn
