#include "protocol/job/job_id.hpp"

#include "protocol/core/content_id.hpp"
#include "protocol/wire/canonical.hpp"

namespace icn {

std::string job_id(const v1::JobSpec& spec) {
  return content_id(deterministic_bytes(spec));
}

std::string input_digest(const v1::JobSpec& spec) {
  // Domain-separated so an input digest can never equal the content id of some other blob;
  // length prefixes keep the concatenation unambiguous.
  Bytes buffer = to_bytes("icnmesh/inputs/v1\n");
  for (const auto& input : spec.inputs())
    append_length_prefixed(buffer, std::string_view(input.hash()));
  return content_id(buffer);
}

}  // namespace icn
