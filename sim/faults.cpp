#include "sim/faults.hpp"

#include <algorithm>

namespace icn::sim {

FaultSchedule::FaultSchedule(const v1::Scenario& scenario, const Population& population,
                             NetworkModel& network)
    : down_(population.size()) {
  auto resolve = [&](const google::protobuf::RepeatedPtrField<std::string>& names) {
    std::vector<std::uint32_t> out;
    for (const NodeSpec& node : population.nodes()) {
      for (const auto& n : names)
        if (node.name == n || node.group == n) {
          out.push_back(node.index);
          break;
        }
    }
    return out;
  };
  for (const auto& f : scenario.faults()) {
    switch (f.kind_case()) {
      case v1::Fault::kPartition: {
        NetworkWindow w;
        w.start_ms = f.start_ms();
        w.end_ms = f.end_ms();
        w.side.assign(population.size(), false);
        for (auto i : resolve(f.partition().nodes())) w.side[i] = true;
        network.add_window(std::move(w));
        break;
      }
      case v1::Fault::kLink: {
        NetworkWindow w;
        w.start_ms = f.start_ms();
        w.end_ms = f.end_ms();
        w.loss = f.link().loss();
        w.duplicate = f.link().duplicate();
        network.add_window(std::move(w));
        break;
      }
      case v1::Fault::kCrash: {
        auto nodes = resolve(f.crash().nodes());
        for (auto n : nodes) down_[n].push_back(Window{f.start_ms(), f.end_ms()});
        steps_.push_back(FaultStep{f.start_ms(), FaultStep::Kind::crash, nodes, false, 0});
        steps_.push_back(
            FaultStep{f.end_ms(), FaultStep::Kind::restart, nodes, f.crash().wipe_state(), 0});
        break;
      }
      case v1::Fault::kSkew: {
        auto nodes = resolve(f.skew().nodes());
        steps_.push_back(
            FaultStep{f.start_ms(), FaultStep::Kind::skew, nodes, false, f.skew().offset_ms()});
        steps_.push_back(FaultStep{f.end_ms(), FaultStep::Kind::skew, nodes, false, 0});
        break;
      }
      default:
        break;
    }
  }
  std::stable_sort(steps_.begin(), steps_.end(),
                   [](const FaultStep& a, const FaultStep& b) { return a.at_ms < b.at_ms; });
}

std::vector<FaultStep> FaultSchedule::take_due(std::uint64_t now_ms) {
  std::vector<FaultStep> due;
  while (next_ < steps_.size() && steps_[next_].at_ms <= now_ms) due.push_back(steps_[next_++]);
  return due;
}

std::uint64_t FaultSchedule::next_at() const {
  return next_ < steps_.size() ? steps_[next_].at_ms : UINT64_MAX;
}

bool FaultSchedule::down_within(std::uint32_t node, std::uint64_t from_ms,
                                std::uint64_t to_ms) const {
  for (const Window& w : down_[node])
    if (w.start_ms <= to_ms && w.end_ms > from_ms) return true;
  return false;
}

}  // namespace icn::sim
