#pragma once
// Reading a human-written JobSpec file (Protobuf text format, or JSON) into a message.
// Pure: the caller reads the file and passes its name (for messages) and its contents.
// Every syntax error is reported with its position, not just the first one. Files larger
// than kMaxJobSpecBytes or nested deeper than kMaxTextDepth are refused before parsing
// (protocol/wire/text_input.hpp).
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "proto/job.pb.h"
#include "protocol/core/diagnostic.hpp"
#include "protocol/wire/text_input.hpp"

namespace icn {

namespace v1 = icnmesh::v1;

/// Largest job spec file: room for 8 MiB of inline code or input written as escaped text.
inline constexpr std::size_t kMaxJobSpecBytes = 16u << 20;
inline constexpr TextBounds kJobSpecBounds{"job spec", kMaxJobSpecBytes};

enum class SpecFormat { kText, kJson };

/// JSON when the name ends in ".json" or the first non-space character is '{';
/// Protobuf text format otherwise.
SpecFormat detect_spec_format(std::string_view file_name, std::string_view contents);

/// Either the parsed spec or every error found (never an empty list).
using SpecParseResult = tl::expected<v1::JobSpec, std::vector<Diagnostic>>;

/// Parses `contents` (the text of `file_name`) in the format detect_spec_format picks.
SpecParseResult parse_spec(std::string_view file_name, std::string_view contents);
/// Parses with an explicit format.
SpecParseResult parse_spec_text(std::string_view file_name, std::string_view contents);
SpecParseResult parse_spec_json(std::string_view file_name, std::string_view contents);

}  // namespace icn
