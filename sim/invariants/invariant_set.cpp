#include "sim/invariants/invariant.hpp"

namespace icn::sim {

std::vector<std::string> split_fields(const std::string& subject) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t bar = subject.find('|', start);
    out.push_back(
        subject.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) return out;
    start = bar + 1;
  }
}

void InvariantSet::add(std::unique_ptr<InvariantChecker> checker) {
  checkers_.push_back(std::move(checker));
  first_.emplace_back();
}

void InvariantSet::observe(const ReportView& report) {
  for (auto& c : checkers_) c->observe(report);
}

bool InvariantSet::check(const CheckContext& ctx) {
  bool ok = true;
  for (std::size_t i = 0; i < checkers_.size(); ++i) {
    ++checks_;
    if (auto problem = checkers_[i]->check(ctx)) {
      ok = false;
      ++violations_;
      if (!first_[i])
        first_[i] = Violation{checkers_[i]->name(), *problem, ctx.now, ctx.event_index};
    }
  }
  return ok;
}

std::vector<Violation> InvariantSet::first_violations() const {
  std::vector<Violation> out;
  for (const auto& v : first_)
    if (v) out.push_back(*v);
  return out;
}

std::vector<std::string> InvariantSet::names() const {
  std::vector<std::string> out;
  for (const auto& c : checkers_) out.emplace_back(c->name());
  return out;
}

}  // namespace icn::sim
