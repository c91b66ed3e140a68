#include "sim/invariants/invariant.hpp"

namespace icn::sim {

void InvariantSet::add(std::unique_ptr<InvariantChecker> checker) {
  checkers_.push_back(std::move(checker));
  first_.emplace_back();
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
