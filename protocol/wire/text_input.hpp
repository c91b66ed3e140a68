#pragma once
// The bounded front end every human-written file goes through before a parser sees it: job
// specs (text format and JSON), scenarios, economic parameters and the scenario embedded in a
// trace. The input's size and nesting depth are checked by a linear scan that knows strings
// and comments; only then is the text-format parser run, with its recursion limit set as a
// second guard. Field values are checked afterwards by protocol/wire/field_limits.hpp.
#include <google/protobuf/message.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/core/diagnostic.hpp"

namespace icn {

/// Deeper than any schema nests (a job spec inside a scenario is 5 levels), far below what
/// would exhaust a stack.
inline constexpr int kMaxTextDepth = 32;

enum class TextSyntax { kProtoText, kJson };

struct TextBounds {
  const char* what;       // "job spec", "scenario": names the file kind in messages
  std::size_t max_bytes;  // the whole input
  int max_depth = kMaxTextDepth;
};

/// Refuses `text` when it is larger than bounds.max_bytes or nests `{`, `[` (and `<` in text
/// format) deeper than bounds.max_depth; nullopt when it is within bounds. Braces inside
/// strings and comments do not count.
std::optional<Diagnostic> check_text_bounds(std::string_view file, std::string_view text,
                                            TextSyntax syntax, const TextBounds& bounds);

/// One error or warning of the text-format parser, 0-based positions as protobuf reports them
/// (a tab advances the column to the next multiple of 8).
struct TextFormatIssue {
  int line;
  int col;
  std::string message;
  bool fatal;
};

struct TextFormatResult {
  bool ok = false;
  std::vector<TextFormatIssue> issues;
};

/// Parses Protobuf text format into `message` with the recursion limit at bounds.max_depth.
/// Unknown fields are fatal errors unless `skip_unknown_fields` (then warnings). The caller
/// runs check_text_bounds first.
TextFormatResult parse_text_format(std::string_view text, google::protobuf::Message* message,
                                   const TextBounds& bounds, bool skip_unknown_fields = false);

}  // namespace icn
