#include "protocol/job/spec_parse.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace icn {

namespace {

namespace pb = google::protobuf;
using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Positions

struct Position {
  int line = 1;
  int col = 1;
};

// 1-based line and column of the byte at `offset` (clamped to the text).
Position position_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  Position p;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.col = 1;
    } else {
      ++p.col;
    }
  }
  return p;
}

Diagnostic at(std::string_view file, Position p, std::string message) {
  return Diagnostic{std::string(file), p.line, p.col, std::move(message)};
}

std::vector<Diagnostic> sorted(std::vector<Diagnostic> diags) {
  std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.col) < std::tie(b.line, b.col);
  });
  return diags;
}

// ---------------------------------------------------------------------------------------------
// Protobuf text format

// Byte ranges of the lines of `text` ([begin, end) without the '\n').
std::vector<std::pair<std::size_t, std::size_t>> line_ranges(const std::string& text) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      lines.emplace_back(begin, i);
      begin = i + 1;
    }
  }
  return lines;
}

// True when blanking the line cannot unbalance the rest of the file: its braces and brackets
// (outside strings and comments) pair up, and it has something to blank.
bool line_is_removable(std::string_view line) {
  int braces = 0;
  int brackets = 0;
  bool content = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '#') break;
    if (c == '"' || c == '\'') quote = c;
    if (c == '{' || c == '<') ++braces;
    if (c == '}' || c == '>') --braces;
    if (c == '[') ++brackets;
    if (c == ']') --brackets;
    if (c != ' ' && c != '\t' && c != '\r') content = true;
  }
  return content && braces == 0 && brackets == 0;
}

// The protobuf tokenizer counts a tab as advancing to the next multiple of 8; diagnostics
// here count bytes (like the JSON ones), so convert.
int byte_column(std::string_view line, int tokenizer_col) {
  int col = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (col >= tokenizer_col) return static_cast<int>(i);
    col += line[i] == '\t' ? 8 - col % 8 : 1;
  }
  return tokenizer_col - col + static_cast<int>(line.size());
}

// The protobuf tokenizer reports some errors at the token AFTER the offending one (an unknown
// field name is noticed at the ':' that follows it). Moves the column back to the start of the
// name the message quotes, or to the quote that opens an unterminated string.
int offending_column(std::string_view line, int col0, const std::string& message) {
  auto quoted_after = [&message](std::string_view lead) -> std::string {
    auto at_lead = message.find(lead);
    if (at_lead == std::string::npos) return {};
    auto begin = at_lead + lead.size();
    auto end = message.find('"', begin);
    return end == std::string::npos ? std::string() : message.substr(begin, end - begin);
  };
  if (message.find("String literals cannot cross line boundaries") != std::string::npos) {
    char quote = 0;
    std::size_t opened = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (quote && line[i] == '\\') {
        ++i;
      } else if (quote && line[i] == quote) {
        quote = 0;
      } else if (!quote && (line[i] == '"' || line[i] == '\'')) {
        quote = line[i];
        opened = i;
      } else if (!quote && line[i] == '#') {
        break;
      }
    }
    return quote ? static_cast<int>(opened) : col0;
  }
  std::string name;
  for (std::string_view lead :
       {"has no field named \"", "Unknown enumeration value of \"", "Non-repeated field \""}) {
    if (name.empty()) name = quoted_after(lead);
  }
  if (name.empty() || col0 <= 0) return col0;
  auto limit = std::min(static_cast<std::size_t>(col0), line.size());
  auto found = line.substr(0, limit).rfind(name);
  return found == std::string_view::npos ? col0 : static_cast<int>(found);
}

}  // namespace

SpecFormat detect_spec_format(std::string_view file_name, std::string_view contents) {
  constexpr std::string_view kJsonExt = ".json";
  if (file_name.size() >= kJsonExt.size() &&
      file_name.substr(file_name.size() - kJsonExt.size()) == kJsonExt) {
    return SpecFormat::kJson;
  }
  auto first = contents.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && contents[first] == '{') return SpecFormat::kJson;
  return SpecFormat::kText;
}

SpecParseResult parse_spec(std::string_view file_name, std::string_view contents) {
  // Some editors start UTF-8 files with a byte order mark; it is invisible, so positions
  // are counted without it.
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  if (contents.substr(0, kUtf8Bom.size()) == kUtf8Bom) contents.remove_prefix(kUtf8Bom.size());
  return detect_spec_format(file_name, contents) == SpecFormat::kJson
             ? parse_spec_json(file_name, contents)
             : parse_spec_text(file_name, contents);
}

namespace {

// The bounded front end's verdict as a parse result, when it refuses the input.
std::optional<std::vector<Diagnostic>> out_of_bounds(std::string_view file_name,
                                                     std::string_view contents, TextSyntax syntax) {
  auto refused = check_text_bounds(file_name, contents, syntax, kJobSpecBounds);
  if (!refused) return std::nullopt;
  return std::vector<Diagnostic>{*refused};
}

}  // namespace

// The text-format parser stops at its first error. To report every error, the line holding a
// fatal error is blanked (when that keeps braces balanced) and the text parsed again, so each
// later error is found too; unknown fields are skipped by the parser itself (as warnings).
SpecParseResult parse_spec_text(std::string_view file_name, std::string_view contents) {
  if (auto refused = out_of_bounds(file_name, contents, TextSyntax::kProtoText)) {
    return tl::unexpected(std::move(*refused));
  }
  // Bounds the work on a file full of errors: at most 50 parses, and no more than 64 MiB
  // parsed in all (a few parses of a file near kMaxJobSpecBytes).
  constexpr std::size_t kRetryBudgetBytes = 64u << 20;
  const int max_retries = static_cast<int>(
      std::min<std::size_t>(50, kRetryBudgetBytes / std::max<std::size_t>(contents.size(), 1)));
  std::string text(contents);
  const auto lines = line_ranges(text);
  std::set<std::tuple<int, int, std::string>> seen;
  std::vector<Diagnostic> diags;
  for (int attempt = 0; attempt <= max_retries; ++attempt) {
    v1::JobSpec spec;
    // Unknown fields are skipped as warnings so that parsing goes on; each is an error here.
    const auto parsed = parse_text_format(text, &spec, kJobSpecBounds, true);
    const bool ok = parsed.ok;
    int fatal_line = -1;
    for (const auto& e : parsed.issues) {
      int line = std::max(e.line, 0) + 1;
      int col = std::max(e.col, 0) + 1;
      if (e.line >= 0 && e.line < static_cast<int>(lines.size())) {
        auto [begin, end] = lines[static_cast<std::size_t>(e.line)];
        std::string_view original(contents.data() + begin, end - begin);
        int byte_col = byte_column(original, std::max(e.col, 0));
        col = offending_column(original, byte_col, e.message) + 1;
      }
      if (seen.insert({line, col, e.message}).second) {
        std::string message = e.message;
        if (message.size() >= 5 && message.compare(message.size() - 5, 5, "got: ") == 0) {
          message += "end of file";  // the tokenizer names no token at the end of the input
        }
        diags.push_back(Diagnostic{std::string(file_name), line, col, message});
      }
      if (e.fatal && fatal_line < 0) fatal_line = e.line;
    }
    if (ok && diags.empty()) return spec;
    if (ok || fatal_line < 0) break;
    if (fatal_line >= static_cast<int>(lines.size())) break;
    auto [begin, end] = lines[static_cast<std::size_t>(fatal_line)];
    std::string_view line(text.data() + begin, end - begin);
    if (!line_is_removable(line)) break;
    std::fill(text.begin() + static_cast<std::ptrdiff_t>(begin),
              text.begin() + static_cast<std::ptrdiff_t>(end), ' ');
  }
  if (diags.empty()) diags.push_back(at(file_name, {}, "cannot parse job spec"));
  return tl::unexpected(sorted(std::move(diags)));
}

// ---------------------------------------------------------------------------------------------
// JSON

namespace {

// Where each key and array element of a (syntactically valid) JSON document starts, by path:
// "resources.memoryBytes", "inputs[1]". Paths use the keys exactly as written.
class JsonPositions {
 public:
  explicit JsonPositions(std::string_view text) : text_(text) {
    skip_space();
    value("");
  }
  /// Keys written twice in one object (path, position of the repetition): the JSON mapping
  /// would silently keep one of them.
  const std::vector<std::pair<std::string, Position>>& duplicates() const { return duplicates_; }
  Position find(const std::string& path) const {
    auto it = positions_.find(path);
    return it == positions_.end() ? Position{} : it->second;
  }

 private:
  void skip_space() {
    while (i_ < text_.size() &&
           (text_[i_] == ' ' || text_[i_] == '\t' || text_[i_] == '\n' || text_[i_] == '\r')) {
      ++i_;
    }
  }
  Position here() const { return position_of_offset(text_, i_); }
  std::string string_token() {
    std::size_t begin = i_++;
    while (i_ < text_.size() && text_[i_] != '"') i_ += text_[i_] == '\\' ? 2 : 1;
    ++i_;
    try {
      return json::parse(text_.substr(begin, i_ - begin)).get<std::string>();
    } catch (const std::exception&) {
      return std::string();
    }
  }
  // Skips one value without recursion (for documents nested deeper than anyone writes).
  void skip_value() {
    int depth = 0;
    do {
      char c = text_[i_];
      if (c == '"') {
        string_token();
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') --depth;
      ++i_;
    } while (depth > 0 && i_ < text_.size());
  }
  void value(const std::string& path, int depth = 0) {
    constexpr int kMaxDepth = 64;  // the JobSpec schema nests 4 deep; bounds the recursion
    if (i_ >= text_.size()) return;
    char c = text_[i_];
    if ((c == '{' || c == '[') && depth > kMaxDepth) {
      skip_value();
    } else if (c == '{') {
      ++i_;
      skip_space();
      while (i_ < text_.size() && text_[i_] == '"') {
        Position key_pos = here();
        std::string key = string_token();
        std::string child = path.empty() ? key : path + "." + key;
        if (!positions_.emplace(child, key_pos).second) duplicates_.emplace_back(child, key_pos);
        skip_space();
        ++i_;  // ':'
        skip_space();
        value(child, depth + 1);
        skip_space();
        if (i_ < text_.size() && text_[i_] == ',') ++i_;
        skip_space();
      }
      ++i_;  // '}'
    } else if (c == '[') {
      ++i_;
      skip_space();
      for (int index = 0; i_ < text_.size() && text_[i_] != ']'; ++index) {
        std::string child = path + "[" + std::to_string(index) + "]";
        positions_.emplace(child, here());
        value(child, depth + 1);
        skip_space();
        if (i_ < text_.size() && text_[i_] == ',') ++i_;
        skip_space();
      }
      ++i_;  // ']'
    } else if (c == '"') {
      string_token();
    } else {
      while (i_ < text_.size() &&
             std::string_view(",]} \t\r\n").find(text_[i_]) == std::string_view::npos) {
        ++i_;
      }
    }
  }

  std::string_view text_;
  std::size_t i_ = 0;
  std::map<std::string, Position> positions_;
  std::vector<std::pair<std::string, Position>> duplicates_;
};

// Checks a JSON document against a message type the way the Protobuf JSON mapping reads it,
// reporting every mismatch at the key it concerns (JsonStringToMessage stops at the first).
class JsonShapeChecker {
 public:
  JsonShapeChecker(std::string_view file, const JsonPositions& positions)
      : file_(file), positions_(positions) {}

  void message(const json& value, const pb::Descriptor* type, const std::string& path) {
    if (!value.is_object()) {
      error(path, "expected a JSON object for message " + type->full_name());
      return;
    }
    for (const auto& [key, member] : value.items()) {
      std::string child = path.empty() ? key : path + "." + key;
      const pb::FieldDescriptor* field = type->FindFieldByName(key);
      if (!field) {
        for (int f = 0; f < type->field_count() && !field; ++f) {
          if (type->field(f)->json_name() == key) field = type->field(f);
        }
      }
      if (!field) {
        error(child,
              "Message type \"" + type->full_name() + "\" has no field named \"" + key + "\".");
        continue;
      }
      if (member.is_null()) continue;  // null means "default value" in the JSON mapping
      if (field->is_repeated()) {
        if (!member.is_array()) {
          error(child, "field \"" + key + "\" is repeated: expected a JSON array");
          continue;
        }
        for (std::size_t i = 0; i < member.size(); ++i) {
          scalar_or_message(member[i], field, child + "[" + std::to_string(i) + "]");
        }
      } else {
        scalar_or_message(member, field, child);
      }
    }
  }

  std::vector<Diagnostic> take() { return std::move(diags_); }

 private:
  void error(const std::string& path, std::string message) {
    diags_.push_back(at(file_, positions_.find(path), std::move(message)));
  }

  void scalar_or_message(const json& v, const pb::FieldDescriptor* field, const std::string& path) {
    const std::string& name = field->name();
    switch (field->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        message(v, field->message_type(), path);
        return;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        enum_value(v, field, path);
        return;
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        if (!v.is_boolean()) error(path, "field \"" + name + "\" expects true or false");
        return;
      case pb::FieldDescriptor::CPPTYPE_STRING:
        if (!v.is_string()) {
          error(path, "field \"" + name + "\" expects a string");
        } else if (field->type() == pb::FieldDescriptor::TYPE_BYTES &&
                   !is_base64(v.get_ref<const std::string&>())) {
          error(path, "field \"" + name + "\" expects base64-encoded bytes");
        }
        return;
      case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      case pb::FieldDescriptor::CPPTYPE_FLOAT:
        if (!v.is_number() && !(v.is_string() && is_float_text(v.get_ref<const std::string&>()))) {
          error(path, "field \"" + name + "\" expects a number");
        }
        return;
      default:
        integer(v, field, path);
        return;
    }
  }

  void enum_value(const json& v, const pb::FieldDescriptor* field, const std::string& path) {
    const pb::EnumDescriptor* type = field->enum_type();
    if (v.is_number_integer()) return;  // the JSON mapping accepts enum numbers too
    if (v.is_string() && type->FindValueByName(v.get<std::string>())) return;
    std::string names;
    for (int i = 0; i < type->value_count(); ++i) {
      names += (i ? ", " : "") + type->value(i)->name();
    }
    error(path, "Unknown enumeration value of " + v.dump() + " for field \"" + field->name() +
                    "\" (expected one of " + names + ").");
  }

  void integer(const json& v, const pb::FieldDescriptor* field, const std::string& path) {
    bool is_unsigned = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32 ||
                       field->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT64;
    bool is_32 = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32 ||
                 field->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT32;
    const std::string what = std::string(is_unsigned ? "an unsigned" : "an") +
                             (is_32 ? " 32-bit" : " 64-bit") + " integer";
    // The JSON mapping writes 64-bit integers as strings; accept digits in either form.
    std::string digits;
    if (v.is_number_unsigned()) {
      digits = std::to_string(v.get<std::uint64_t>());
    } else if (v.is_number_integer()) {
      digits = std::to_string(v.get<std::int64_t>());
    } else if (v.is_string()) {
      digits = v.get<std::string>();
    } else if (v.is_number_float()) {
      double d = v.get<double>();
      if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) {
        digits = std::to_string(static_cast<std::int64_t>(d));
      }
    }
    bool negative = !digits.empty() && digits[0] == '-';
    std::string_view magnitude(digits);
    if (negative) magnitude.remove_prefix(1);
    bool well_formed = !magnitude.empty() && magnitude.size() <= 20 &&
                       std::all_of(magnitude.begin(), magnitude.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
    if (!well_formed) {
      error(path, "field \"" + field->name() + "\" expects " + what + ", got " + v.dump());
      return;
    }
    unsigned long long value = 0;
    bool overflow = false;
    for (char c : magnitude) {
      unsigned d = static_cast<unsigned>(c - '0');
      if (value > (std::numeric_limits<unsigned long long>::max() - d) / 10) overflow = true;
      value = value * 10 + d;
    }
    unsigned long long limit = is_unsigned ? (is_32 ? 0xFFFFFFFFull : ~0ull)
                                           : (is_32 ? 0x7FFFFFFFull : 0x7FFFFFFFFFFFFFFFull);
    if (negative && !is_unsigned) ++limit;  // two's complement: one more negative value
    if ((negative && is_unsigned && value != 0) || overflow || value > limit) {
      error(path, "field \"" + field->name() + "\" expects " + what + ", got " + v.dump() +
                      " (out of range)");
    }
  }

  static bool is_float_text(const std::string& s) {
    if (s == "NaN" || s == "Infinity" || s == "-Infinity") return true;
    try {
      std::size_t used = 0;
      std::stod(s, &used);
      return used == s.size();
    } catch (const std::exception&) {
      return false;
    }
  }

  static bool is_base64(const std::string& s) {
    std::size_t padding = 0;
    for (char c : s) {
      bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      bool symbol = c == '+' || c == '/' || c == '-' || c == '_';
      if (c == '=') {
        ++padding;
      } else if (padding > 0 || !(alnum || symbol)) {
        return false;
      }
    }
    return padding <= 2;
  }

  std::string_view file_;
  const JsonPositions& positions_;
  std::vector<Diagnostic> diags_;
};

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
// column 5: "; the position is reported separately, so keep only the explanation.
std::string json_syntax_message(const std::string& what) {
  auto colon = what.find(": ");
  std::string rest = colon == std::string::npos ? what : what.substr(colon + 2);
  return "JSON " + rest;
}

// Start of the JSON token the parser rejected at byte `last`: the opening quote of a bad or
// unterminated string, the first character of a bad literal; otherwise `last` itself.
std::size_t json_token_start(std::string_view text, std::size_t last, const std::string& why) {
  if (last >= text.size()) return last;
  auto is_word = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '-' || c == '+';
  };
  bool bad_string = why.find("invalid string") != std::string::npos;
  if (text[last] == '"' || bad_string) {
    // The string's opening quote: the nearest unescaped '"' before, on the same line.
    for (std::size_t i = text[last] == '"' && !bad_string ? last : last + 1; i-- > 0;) {
      if (text[i] == '\n' && i != last) return last;
      if (text[i] == '"' && i != last && (i == 0 || text[i - 1] != '\\')) return i;
    }
    return last;
  }
  std::size_t begin = last;
  // A literal like "tru" is only rejected at the character after it.
  if (why.find("invalid literal") != std::string::npos && !is_word(text[begin]) && begin > 0 &&
      is_word(text[begin - 1])) {
    --begin;
  }
  while (begin > 0 && is_word(text[begin]) && is_word(text[begin - 1])) --begin;
  return begin;
}

}  // namespace

SpecParseResult parse_spec_json(std::string_view file_name, std::string_view contents) {
  if (auto refused = out_of_bounds(file_name, contents, TextSyntax::kJson)) {
    return tl::unexpected(std::move(*refused));
  }
  json document;
  try {
    document = json::parse(contents.begin(), contents.end());
  } catch (const json::parse_error& e) {
    // e.byte counts the bytes read, so the offending token ends at e.byte - 1; report its start.
    std::size_t offset = std::min(e.byte > 0 ? e.byte - 1 : 0, contents.size());
    offset = json_token_start(contents, offset, e.what());
    return tl::unexpected(std::vector<Diagnostic>{
        at(file_name, position_of_offset(contents, offset), json_syntax_message(e.what()))});
  } catch (const json::exception& e) {
    // Not a syntax error but a value the parser cannot hold (e.g. a number beyond a double).
    return tl::unexpected(
        std::vector<Diagnostic>{at(file_name, {}, json_syntax_message(e.what()))});
  }
  JsonPositions positions(contents);
  JsonShapeChecker checker(file_name, positions);
  checker.message(document, v1::JobSpec::descriptor(), "");
  auto diags = checker.take();
  for (const auto& [path, where] : positions.duplicates()) {
    auto dot = path.rfind('.');
    std::string key = dot == std::string::npos ? path : path.substr(dot + 1);
    diags.push_back(at(file_name, where, "key \"" + key + "\" appears more than once"));
  }
  if (!diags.empty()) return tl::unexpected(sorted(std::move(diags)));

  v1::JobSpec spec;
  auto status = pb::util::JsonStringToMessage(pb::StringPiece(contents.data(), contents.size()),
                                              &spec, pb::util::JsonParseOptions());
  if (!status.ok()) {
    // Something the shape check does not model; the converter gives no position.
    return tl::unexpected(std::vector<Diagnostic>{
        at(file_name, {}, std::string(status.message().data(), status.message().size()))});
  }
  return spec;
}

}  // namespace icn
