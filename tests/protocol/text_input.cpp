// The bounded front end every input file goes through (protocol/wire/text_input.hpp).
#include <doctest/doctest.h>

#include <string>

#include "proto/scenario.pb.h"
#include "protocol/wire/text_input.hpp"

namespace {

using namespace icn;

constexpr TextBounds kSmall{"test file", 64, 3};

std::string refusal(const std::string& text, TextSyntax syntax = TextSyntax::kProtoText) {
  auto d = check_text_bounds("f", text, syntax, kSmall);
  return d ? format_diagnostic(*d) : "";
}

}  // namespace

TEST_CASE("size: up to max_bytes is accepted, one byte more is refused at 1:1") {
  CHECK(refusal(std::string(64, ' ')).empty());
  CHECK(refusal(std::string(65, ' ')) == "f:1:1: larger than the 64 bytes a test file may have");
}

TEST_CASE("depth: max_depth levels are accepted, the next opener is refused where it is") {
  CHECK(refusal("a { b { c { } } }").empty());
  CHECK(refusal("a {\n b { c <\n  d [ ] > } }") ==
        "f:3:5: nested more than 3 levels deep; a test file may nest at most 3");
  // Closing brackets free the level again, and a stray closer does not go below zero.
  CHECK(refusal("}}} a { } b { c { d { } } }").empty());
}

TEST_CASE("brackets inside strings and comments do not count") {
  CHECK(refusal("s: \"{{{{\" t: '[[[[' # <<<<\nu: \"\\\"{{{{\"").empty());
  // A text-format string ends at the line break (the parser reports it unterminated).
  CHECK(refusal("s: \"{{\n{ { { {") ==
        "f:2:7: nested more than 3 levels deep; a test file may "
        "nest at most 3");
  // JSON: '#' and '<' are ordinary characters, and single quotes do not open strings.
  CHECK(refusal("{\"a#\": [\"<<<<\", [1, 2]]}", TextSyntax::kJson).empty());
  CHECK(refusal("{\"a\": [['[']]}", TextSyntax::kJson) ==
        "f:1:10: nested more than 3 levels deep; a test file may nest at most 3");
}

TEST_CASE("parse_text_format sets protobuf's recursion limit") {
  icnmesh::v1::Scenario s;
  auto deep = parse_text_format("workload { arrival { kind: FIXED } }", &s, kSmall);
  CHECK(deep.ok);
  auto deeper = parse_text_format("workload { templates { spec { runtime { } } } }", &s, kSmall);
  CHECK_FALSE(deeper.ok);
  REQUIRE_FALSE(deeper.issues.empty());
  CHECK(deeper.issues[0].fatal);
}

TEST_CASE("unknown fields are errors, or warnings when skipped") {
  icnmesh::v1::Scenario s;
  auto strict = parse_text_format("bogus: 1", &s, kSmall);
  CHECK_FALSE(strict.ok);
  auto lenient = parse_text_format("bogus: 1", &s, kSmall, true);
  CHECK(lenient.ok);
  REQUIRE(lenient.issues.size() == 1);
  CHECK_FALSE(lenient.issues[0].fatal);
}
