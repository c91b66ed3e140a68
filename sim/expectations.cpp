#include "sim/expectations.hpp"

#include <sstream>

namespace icn::sim {

std::vector<ExpectationResult> judge_expectations(const v1::Scenario& scenario,
                                                  const std::map<std::string, double>& metrics) {
  std::vector<ExpectationResult> out;
  for (const auto& e : scenario.expect()) {
    static const char* kOps[] = {">=", "<=", "==", ">", "<"};
    ExpectationResult x;
    std::ostringstream value_text;
    value_text << e.value();
    const int op = e.op() >= 0 && e.op() <= 4 ? e.op() : 0;
    x.name = e.name().empty() ? e.metric() + " " + kOps[op] + " " + value_text.str() : e.name();
    auto it = metrics.find(e.metric());
    x.known = it != metrics.end();
    x.value = x.known ? it->second : 0;
    if (x.known) {
      switch (e.op()) {
        case v1::Expectation::GE:
          x.ok = x.value >= e.value();
          break;
        case v1::Expectation::LE:
          x.ok = x.value <= e.value();
          break;
        case v1::Expectation::EQ:
          x.ok = x.value == e.value();
          break;
        case v1::Expectation::GT:
          x.ok = x.value > e.value();
          break;
        case v1::Expectation::LT:
          x.ok = x.value < e.value();
          break;
        default:
          break;
      }
    }
    out.push_back(x);
  }
  return out;
}

}  // namespace icn::sim
