#include "sim/report.hpp"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

namespace icn::sim {
namespace {

std::string number(double v) {
  std::ostringstream o;
  if (v == static_cast<double>(static_cast<long long>(v)))
    o << static_cast<long long>(v);
  else
    o << std::setprecision(6) << v;
  return o.str();
}

double metric(const RunResult& r, const std::string& name) {
  auto it = r.metrics.find(name);
  return it == r.metrics.end() ? 0 : it->second;
}

std::string signed_number(std::int64_t v) {
  return (v > 0 ? "+" : "") + std::to_string(v);
}

}  // namespace

std::string summary_text(const RunResult& r, bool quiet) {
  std::ostringstream o;
  if (!quiet) {
    o << "scenario " << r.scenario << " (seed " << r.seed << "): " << r.events << " events, "
      << std::fixed << std::setprecision(1) << static_cast<double>(r.sim_time_ms) / 1000.0
      << " s simulated in " << static_cast<double>(r.wall_ms) / 1000.0 << " s wall\n";
    o << "jobs: " << number(metric(r, "jobs_submitted")) << " submitted, "
      << number(metric(r, "jobs_completed")) << " completed, " << number(metric(r, "jobs_failed"))
      << " failed, " << number(metric(r, "jobs_expired")) << " expired, "
      << number(metric(r, "jobs_disputed")) << " disputed, "
      << number(metric(r, "jobs_escrow_refused")) << " escrow refused\n";
    o << "messages: " << number(metric(r, "messages_sent")) << " sent, "
      << number(metric(r, "messages_delivered")) << " delivered, "
      << number(metric(r, "messages_lost")) << " lost, " << number(metric(r, "messages_duplicated"))
      << " duplicated, " << number(metric(r, "messages_partitioned")) << " cut by partitions, "
      << number(metric(r, "messages_dropped_down")) << " to crashed nodes\n";
    o << "ledger: supply " << number(metric(r, "ledger_supply_start")) << " -> "
      << number(metric(r, "ledger_supply_end")) << " (minted " << number(metric(r, "ledger_minted"))
      << ", burned " << number(metric(r, "ledger_burned")) << "), " << r.ledger_height
      << " log entries, " << number(metric(r, "slashes")) << " slashes\n";
    o << "net mana:";
    for (const auto& [k, v] : r.net_mana_by_role_strategy)
      o << " " << k << " " << signed_number(v) << ";";
    o << "\n";
    o << "invariants: " << r.invariant_checks << " checks, " << r.invariant_violations
      << " violations\n";
    if (!r.expectations.empty()) o << "expectations:\n";
    for (const auto& e : r.expectations)
      o << "  " << (e.ok ? "ok    " : "FAIL  ") << e.name << "  (value "
        << (e.known ? number(e.value) : std::string("unknown metric")) << ")\n";
    o << "trace_hash: " << r.trace_hash << "\n";
  }
  std::size_t failures = 0;
  for (const auto& v : r.violations) {
    ++failures;
    o << "FAILED: invariant " << v.invariant << " first violated at sim time "
      << (v.at >= r.start_unix_ms ? v.at - r.start_unix_ms : 0) << " ms (event " << v.event_index
      << "): " << v.message << "\n";
  }
  for (const auto& e : r.expectations) {
    if (e.ok) continue;
    ++failures;
    o << "FAILED: expectation " << e.name << " (value "
      << (e.known ? number(e.value) : std::string("unknown metric")) << ")\n";
  }
  if (!r.ledger_db_error.empty()) {
    ++failures;
    o << "FAILED: ledger export: " << r.ledger_db_error << "\n";
  }
  if (!quiet || failures)
    o << "result: "
      << (failures ? "FAILED (" + std::to_string(failures) + " checks)" : std::string("ok"))
      << "\n";
  return o.str();
}

std::string summary_json(const RunResult& r) {
  using nlohmann::json;
  json j;
  j["scenario"] = r.scenario;
  j["seed"] = r.seed;
  j["trace_hash"] = r.trace_hash;
  j["events"] = r.events;
  j["trace_lines"] = r.trace_lines;
  j["sim_time_ms"] = r.sim_time_ms;
  j["wall_ms"] = r.wall_ms;
  auto u = [&](const char* m) { return static_cast<std::uint64_t>(metric(r, m)); };
  j["jobs"] = {{"created", u("jobs_created")},     {"submitted", u("jobs_submitted")},
               {"completed", u("jobs_completed")}, {"failed", u("jobs_failed")},
               {"expired", u("jobs_expired")},     {"disputed", u("jobs_disputed")},
               {"cancelled", u("jobs_cancelled")}, {"escrow_refused", u("jobs_escrow_refused")},
               {"unsettled", u("jobs_unsettled")}};
  j["ledger"] = {{"supply_start", u("ledger_supply_start")},
                 {"supply_end", u("ledger_supply_end")},
                 {"minted", u("ledger_minted")},
                 {"burned", u("ledger_burned")},
                 {"height", r.ledger_height}};
  j["net_mana"] = {{"by_role_strategy", r.net_mana_by_role_strategy},
                   {"by_group", r.net_mana_by_group}};
  json violated = json::array();
  for (const auto& v : r.violations)
    violated.push_back({{"name", v.invariant},
                        {"message", v.message},
                        {"sim_time_unix_ms", v.at},
                        {"event", v.event_index}});
  j["invariants"] = {{"checked", r.invariant_checks},
                     {"violations", r.invariant_violations},
                     {"violated", violated}};
  json ex = json::array();
  for (const auto& e : r.expectations)
    ex.push_back(
        {{"name", e.name}, {"ok", e.ok}, {"value", e.known ? json(e.value) : json(nullptr)}});
  j["expectations"] = ex;
  j["metrics"] = r.metrics;
  j["ok"] = r.ok();
  return j.dump(2) + "\n";
}

}  // namespace icn::sim
