#pragma once
// A positioned error in a human-written input file (job spec, scenario, parameters, trace):
// what every reader reports for syntax and size problems, printed the way compilers do.
#include <string>

namespace icn {

/// One positioned error; line and col are 1-based and count bytes.
struct Diagnostic {
  std::string file;
  int line = 1;
  int col = 1;
  std::string message;
};

/// "FILE:LINE:COL: message", the format compilers use (editors jump to it).
std::string format_diagnostic(const Diagnostic& d);

}  // namespace icn
