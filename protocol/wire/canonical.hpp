#pragma once
// Deterministic Protobuf serialization: the same message gives the same bytes in every run
// of this build (map entries sorted, fields in number order). Everything that is hashed or
// signed is serialized through here (docs/protocol.md, "Canonical bytes").
#include <google/protobuf/message_lite.h>

#include "protocol/core/bytes.hpp"

namespace icn {

Bytes deterministic_bytes(const google::protobuf::MessageLite& message);

}  // namespace icn
