#pragma once
// Reading an input file (job spec, scenario) for a parser that refuses inputs above a size:
// at most one byte more than that size is read, so an oversized file is refused (by the
// parser, with its message) without ever being held whole.
#include <cstddef>
#include <string>

#include "protocol/core/error.hpp"

namespace icn::cli {

/// The first max_bytes + 1 bytes of `path` (all of it when smaller). Error code "io" with the
/// reason (strerror) when it cannot be read; a directory is such an error.
Expected<std::string> read_input_file(const std::string& path, std::size_t max_bytes);

}  // namespace icn::cli
