// Every submitted job reaches a terminal state by its final deadline plus a grace period.
#include <map>
#include <set>

#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class TerminalByDeadline : public InvariantChecker {
 public:
  explicit TerminalByDeadline(DurationMs grace) : grace_(grace) {}
  const char* name() const override { return "terminal_by_deadline"; }
  void observe(const ReportView& r) override {
    if (r.event == "submitted") {
      const std::string job = split_fields(r.subject)[0];
      const UnixMs due = static_cast<UnixMs>(r.value) + grace_;
      due_.emplace(due, job);
      open_[job] = due;
    } else if (r.event == "settled") {
      auto job = split_fields(r.subject)[0];
      auto it = open_.find(job);
      if (it == open_.end()) return;
      auto range = due_.equal_range(it->second);
      for (auto d = range.first; d != range.second; ++d)
        if (d->second == job) {
          due_.erase(d);
          break;
        }
      open_.erase(it);
    }
  }
  std::optional<std::string> check(const CheckContext& ctx) override {
    if (due_.empty() || due_.begin()->first >= ctx.now) return std::nullopt;
    auto first = due_.begin();
    std::string p = "job " + first->second + " not settled by its final deadline + grace (" +
                    std::to_string(first->first) + ")";
    open_.erase(first->second);
    due_.erase(first);  // reported once
    return p;
  }

 private:
  DurationMs grace_;
  std::multimap<UnixMs, std::string> due_;
  std::map<std::string, UnixMs> open_;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_terminal_by_deadline_checker(DurationMs grace_ms) {
  return std::make_unique<TerminalByDeadline>(grace_ms);
}

}  // namespace icn::sim
