#include "protocol/core/diagnostic.hpp"

namespace icn {

std::string format_diagnostic(const Diagnostic& d) {
  return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message;
}

}  // namespace icn
