// Every submitted job reaches a terminal state by its final deadline plus a grace period:
// open job records are tracked by their deadline until their settled record appears.
#include <map>
#include <set>

#include "protocol/lifecycle/terms.hpp"
#include "sim/invariants/invariant.hpp"

namespace icn::sim {
namespace {

class TerminalByDeadline : public InvariantChecker {
 public:
  explicit TerminalByDeadline(DurationMs grace) : grace_(grace) {}
  const char* name() const override { return "terminal_by_deadline"; }
  std::optional<std::string> check(const CheckContext& ctx) override {
    for (const auto& change : ctx.job_changes ? *ctx.job_changes : std::vector<JobChange>{}) {
      if (change.settled || !change.open) {
        forget(change.job_id);
      } else if (!open_.count(change.job_id) && change.open->phase != lifecycle::Phase::none) {
        const UnixMs due = lifecycle::final_deadline(change.open->terms) + grace_;
        open_[change.job_id] = due;
        due_.emplace(due, change.job_id);
      }
    }
    if (due_.empty() || due_.begin()->first >= ctx.now) return std::nullopt;
    auto first = due_.begin();
    std::string p = "job " + first->second + " not settled by its final deadline + grace (" +
                    std::to_string(first->first) + ")";
    open_.erase(first->second);
    due_.erase(first);  // reported once
    return p;
  }

 private:
  void forget(const std::string& job) {
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

  DurationMs grace_;
  std::multimap<UnixMs, std::string> due_;
  std::map<std::string, UnixMs> open_;
};

}  // namespace

std::unique_ptr<InvariantChecker> make_terminal_by_deadline_checker(DurationMs grace_ms) {
  return std::make_unique<TerminalByDeadline>(grace_ms);
}

}  // namespace icn::sim
