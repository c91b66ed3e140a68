#pragma once
// Reading a human-written JobSpec file (Protobuf text format, or JSON) into a message.
// Pure: the caller reads the file and passes its name (for messages) and its contents.
// Every syntax error is reported with its position, not just the first one.
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "proto/job.pb.h"

namespace icn {

namespace v1 = icnmesh::v1;

/// One positioned error in a spec file; line and col are 1-based.
struct Diagnostic {
  std::string file;
  int line = 1;
  int col = 1;
  std::string message;
};

/// "FILE:LINE:COL: message", the format compilers use (editors jump to it).
std::string format_diagnostic(const Diagnostic& d);

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
