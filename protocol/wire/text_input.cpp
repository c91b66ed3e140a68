#include "protocol/wire/text_input.hpp"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

namespace icn {

namespace {

Diagnostic at(std::string_view file, int line, int col, std::string message) {
  return Diagnostic{std::string(file), line, col, std::move(message)};
}

class IssueCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit IssueCollector(std::vector<TextFormatIssue>& out) : out_(out) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    out_.push_back({line, column, message, true});
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    out_.push_back({line, column, message, false});
  }

 private:
  std::vector<TextFormatIssue>& out_;
};

}  // namespace

std::optional<Diagnostic> check_text_bounds(std::string_view file, std::string_view text,
                                            TextSyntax syntax, const TextBounds& bounds) {
  if (text.size() > bounds.max_bytes) {
    return at(file, 1, 1,
              std::string("larger than the ") + std::to_string(bounds.max_bytes) + " bytes a " +
                  bounds.what + " may have");
  }
  const bool text_format = syntax == TextSyntax::kProtoText;
  int depth = 0;
  int line = 1;
  int col = 1;
  char quote = 0;        // the open string's quote character, or 0
  bool comment = false;  // inside a '#' comment (text format)
  for (std::size_t i = 0; i < text.size(); ++i, ++col) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      col = 0;
      comment = false;
      quote = 0;  // text format strings end at a line break; JSON ones cannot contain one
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
        ++i;
        ++col;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || (text_format && c == '\'')) {
      quote = c;
    } else if (text_format && c == '#') {
      comment = true;
    } else if (c == '{' || c == '[' || (text_format && c == '<')) {
      if (++depth > bounds.max_depth) {
        return at(file, line, col,
                  "nested more than " + std::to_string(bounds.max_depth) + " levels deep; a " +
                      bounds.what + " may nest at most " + std::to_string(bounds.max_depth));
      }
    } else if ((c == '}' || c == ']' || (text_format && c == '>')) && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

TextFormatResult parse_text_format(std::string_view text, google::protobuf::Message* message,
                                   const TextBounds& bounds, bool skip_unknown_fields) {
  TextFormatResult result;
  IssueCollector collector(result.issues);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.SetRecursionLimit(bounds.max_depth);
  parser.AllowUnknownField(skip_unknown_fields);
  const std::string owned(text);
  result.ok = parser.ParseFromString(owned, message);
  return result;
}

}  // namespace icn
