#pragma once
// Results for operations that can fail on bad input: tl::expected<T, Error>.
// Invariants use assertions; bad input (a malformed message, an overdraft) returns an Error.
#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace icn {

/// Why something was rejected. `code` is a stable machine-readable word ("replay",
/// "expired", "overdrawn", ...); `message` is the sentence a person reads.
struct Error {
  std::string code;
  std::string message;
};

template <class T>
using Expected = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string code, std::string message) {
  return tl::unexpected<Error>(Error{std::move(code), std::move(message)});
}

}  // namespace icn
