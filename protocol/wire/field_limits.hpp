#pragma once
// Checks a message read from a file against the limits its schema declares
// (protocol/proto/limits.proto): every integer within its field's range, every real number
// finite, every string, bytes and repeated field within its size. Readers call it right after
// parsing, so nothing downstream ever computes with an out-of-range value.
#include <google/protobuf/message.h>

#include <cstddef>
#include <string>
#include <vector>

namespace icn {

/// Sizes for the fields whose schema declares none.
struct SizeDefaults {
  std::size_t max_string_bytes = 64 * 1024;  // names, URIs, descriptions
  std::size_t max_bytes_bytes = 64 * 1024;   // bytes fields without their own limit
  std::size_t max_items = 1024;              // elements of one repeated field
};

/// One value outside its declared limit: the dotted field path ("validation.dispute_window_ms",
/// "inputs[2].size", as the file's author wrote the names) and why.
struct LimitProblem {
  std::string field_path;
  std::string reason;
};

/// Every field of `message` (recursively) that breaks its limit, in field order.
std::vector<LimitProblem> check_field_limits(const google::protobuf::Message& message,
                                             const SizeDefaults& defaults = {});

}  // namespace icn
