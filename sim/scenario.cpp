#include "sim/scenario.hpp"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "protocol/wire/field_limits.hpp"
#include "runtime/limits.hpp"
#include "sim/execution.hpp"

namespace icn::sim {
namespace {

bool is_executor_strategy(v1::Strategy s) {
  return s == v1::STRATEGY_HONEST || s == v1::STRATEGY_WRONG_RESULT || s == v1::STRATEGY_NO_SHOW ||
         s == v1::STRATEGY_LATE_DELIVERY || s == v1::STRATEGY_BID_SPAM;
}
bool is_validator_strategy(v1::Strategy s) {
  return s == v1::STRATEGY_HONEST || s == v1::STRATEGY_LAZY || s == v1::STRATEGY_COLLUDE ||
         s == v1::STRATEGY_OFFLINE;
}
bool is_submitter_strategy(v1::Strategy s) {
  return s == v1::STRATEGY_HONEST || s == v1::STRATEGY_SPAM || s == v1::STRATEGY_UNDERFUNDED;
}

// The slowest one-way delay class `c` can produce: the lognormal factor is exp(sigma * z)
// with the Irwin-Hall deviate z in [-6, 6], and the network model saturates exp at 20
// (sim/rng.hpp, exp_q16).
double worst_latency_ms(const v1::LatencyClass& c) {
  const double factor =
      c.lognormal_sigma() > 0 ? std::exp(std::min(20.0, 6 * c.lognormal_sigma())) : 1.0;
  return static_cast<double>(c.base_ms()) + static_cast<double>(c.jitter_ms()) * factor;
}

// The index of a node name "<group>-<index>", when the part after the last '-' is a number.
std::optional<std::uint64_t> node_index(const std::string& name, std::size_t dash) {
  const char* first = name.data() + dash + 1;
  const char* last = name.data() + name.size();
  std::uint64_t index = 0;
  auto [end, ec] = std::from_chars(first, last, index);
  if (first == last || ec != std::errc() || end != last) return std::nullopt;
  return index;
}

}  // namespace

std::vector<std::string> check_scenario(std::string_view file_view, const v1::Scenario& s) {
  const std::string file(file_view);
  std::vector<std::string> out;
  auto problem = [&](const std::string& path, const std::string& why) {
    out.push_back(file + ": " + path + ": " + why);
  };
  // Declared limits first: with any of them broken, the rules below could compute with
  // values the run cannot represent, so they are not looked at.
  for (const auto& l : check_field_limits(s)) problem(l.field_path, l.reason);
  if (!out.empty()) return out;

  if (s.name().empty()) problem("name", "must not be empty");
  if (s.duration_ms() == 0) problem("duration_ms", "must be > 0");
  std::set<std::string> class_names;
  for (int i = 0; i < s.network().classes_size(); ++i) {
    const auto& c = s.network().classes(i);
    const std::string path = "network.classes[" + std::to_string(i) + "]";
    if (c.name().empty()) problem(path + ".name", "must not be empty");
    if (!class_names.insert(c.name()).second)
      problem(path + ".name", "duplicate '" + c.name() + "'");
    if (c.lognormal_sigma() < 0 || c.lognormal_sigma() > 4)
      problem(path + ".lognormal_sigma", "must be in [0, 4]");
    else if (worst_latency_ms(c) > static_cast<double>(kMaxLatencyMs))
      problem(path,
              "the slowest delay it can produce, base_ms + jitter_ms * exp(6 * "
              "lognormal_sigma), must be at most " +
                  std::to_string(kMaxLatencyMs) + " ms");
  }
  auto probability = [&](const std::string& path, double p) {
    if (!(p >= 0 && p <= 1)) problem(path, "must be a probability in [0, 1]");
  };
  probability("network.loss", s.network().loss());
  probability("network.duplicate", s.network().duplicate());

  std::set<std::string> group_names;
  std::map<std::string, v1::SimRole> roles;
  std::uint64_t submitters = 0, executors = 0, validators = 0, population = 0;
  for (int i = 0; i < s.population_size(); ++i) {
    const auto& g = s.population(i);
    const std::string path = "population[" + std::to_string(i) + "]";
    if (g.name().empty()) problem(path + ".name", "must not be empty");
    if (g.name() == "ledger") problem(path + ".name", "'ledger' is reserved for the authority");
    if (g.name().find_first_of(" \t\n") != std::string::npos)
      problem(path + ".name", "must not contain spaces");
    if (!group_names.insert(g.name()).second)
      problem(path + ".name", "duplicate '" + g.name() + "'");
    roles[g.name()] = g.role();
    if (g.role() == v1::SIM_ROLE_UNSPECIFIED) problem(path + ".role", "must be set");
    if (g.count() == 0) problem(path + ".count", "must be > 0");
    population += g.count();
    if (g.speed_percent() != 0 && g.speed_percent() < kMinSpeedPercent)
      problem(path + ".speed_percent",
              "must be 0 (nominal) or at least " + std::to_string(kMinSpeedPercent));
    if (!g.latency_class().empty() && class_names.count(g.latency_class()) == 0)
      problem(path + ".latency_class", "no network class named '" + g.latency_class() + "'");
    bool ok = true;
    switch (g.role()) {
      case v1::SIM_SUBMITTER:
        ok = is_submitter_strategy(g.strategy());
        submitters += g.count();
        break;
      case v1::SIM_EXECUTOR:
        ok = is_executor_strategy(g.strategy());
        executors += g.count();
        break;
      case v1::SIM_VALIDATOR:
        ok = is_validator_strategy(g.strategy());
        validators += g.count();
        break;
      case v1::SIM_ARBITER:
        ok = g.strategy() == v1::STRATEGY_HONEST;
        break;
      default:
        break;
    }
    if (!ok)
      problem(path + ".strategy", std::string(v1::Strategy_Name(g.strategy())) +
                                      " is not a strategy of role " + v1::SimRole_Name(g.role()));
    if (g.strategy() == v1::STRATEGY_COLLUDE && g.colludes_with().empty())
      problem(path + ".colludes_with", "must name an executor group");
  }
  for (int i = 0; i < s.population_size(); ++i) {
    const auto& g = s.population(i);
    if (g.strategy() != v1::STRATEGY_COLLUDE || g.colludes_with().empty()) continue;
    auto it = roles.find(g.colludes_with());
    if (it == roles.end() || it->second != v1::SIM_EXECUTOR)
      problem("population[" + std::to_string(i) + "].colludes_with",
              "no executor group named '" + g.colludes_with() + "'");
  }
  if (population > kMaxPopulation)
    problem("population", std::to_string(population) + " nodes in all, at most " +
                              std::to_string(kMaxPopulation));
  if (submitters == 0) problem("population", "needs at least one submitter");
  if (executors == 0) problem("population", "needs at least one executor");
  const auto& w = s.workload();
  if (w.templates_size() == 0) problem("workload.templates", "needs at least one job template");
  for (int i = 0; i < w.templates_size(); ++i) {
    const auto& t = w.templates(i);
    const std::string path = "workload.templates[" + std::to_string(i) + "]";
    if (t.spec().deadlines().execution_deadline_ms() == 0)
      problem(path + ".spec.deadlines.execution_deadline_ms", "must be > 0");
    if (t.spec().deadlines().bid_window_ms() == 0)
      problem(path + ".spec.deadlines.bid_window_ms", "must be > 0");
    if (t.spec().deadlines().bid_window_ms() >= t.spec().deadlines().execution_deadline_ms() &&
        t.spec().deadlines().execution_deadline_ms() > 0)
      problem(path + ".spec.deadlines.bid_window_ms", "must be < execution_deadline_ms");
    const std::uint32_t k = s.options().validators_per_job() > 0
                                ? s.options().validators_per_job()
                                : t.spec().validation().validators();
    if (k > validators)
      problem(path + ".spec.validation.validators", "asks for " + std::to_string(k) +
                                                        " validators but the population has " +
                                                        std::to_string(validators));
    if (t.spec().validation().quorum() > k)
      problem(path + ".spec.validation.quorum", "must be <= validators");
    if (t.spec().payment().max_price() == 0)
      problem(path + ".spec.payment.max_price", "must be > 0");
  }
  if (w.total_jobs() == 0) problem("workload.total_jobs", "must be > 0");
  if (w.arrival().kind() == v1::Arrival::POISSON && !(w.arrival().rate_per_s() > 0))
    problem("workload.arrival.rate_per_s", "must be > 0 for POISSON arrivals");
  else if (w.arrival().kind() == v1::Arrival::POISSON &&
           (w.arrival().rate_per_s() < kMinArrivalRatePerS ||
            w.arrival().rate_per_s() > kMaxArrivalRatePerS))
    problem("workload.arrival.rate_per_s", "must be in [1e-06, 1000] arrivals per second");
  if (w.arrival().kind() == v1::Arrival::FIXED && w.arrival().interval_ms() == 0)
    problem("workload.arrival.interval_ms", "must be > 0 for FIXED arrivals");

  auto known_node = [&](const std::string& n) {
    if (n == "ledger" || group_names.count(n)) return true;
    auto dash = n.rfind('-');
    if (dash == std::string::npos) return false;
    const std::string group = n.substr(0, dash);
    const auto index = node_index(n, dash);
    if (!group_names.count(group) || !index) return false;
    for (const auto& g : s.population())
      if (g.name() == group) return *index < g.count();
    return false;
  };
  for (int i = 0; i < s.faults_size(); ++i) {
    const auto& f = s.faults(i);
    const std::string path = "faults[" + std::to_string(i) + "]";
    if (f.end_ms() <= f.start_ms()) problem(path + ".end_ms", "must be > start_ms");
    const google::protobuf::RepeatedPtrField<std::string>* nodes = nullptr;
    std::string which;
    switch (f.kind_case()) {
      case v1::Fault::kPartition:
        nodes = &f.partition().nodes();
        which = "partition";
        break;
      case v1::Fault::kCrash:
        nodes = &f.crash().nodes();
        which = "crash";
        break;
      case v1::Fault::kSkew:
        nodes = &f.skew().nodes();
        which = "skew";
        break;
      case v1::Fault::kLink:
        probability(path + ".link.loss", f.link().loss());
        probability(path + ".link.duplicate", f.link().duplicate());
        break;
      default:
        problem(path, "needs one of partition, crash, skew, link");
    }
    if (nodes) {
      if (nodes->empty()) problem(path + "." + which + ".nodes", "must not be empty");
      for (int j = 0; j < nodes->size(); ++j)
        if (!known_node(nodes->Get(j)))
          problem(path + "." + which + ".nodes[" + std::to_string(j) + "]",
                  "no node or group named '" + nodes->Get(j) + "'");
    }
    if (f.kind_case() == v1::Fault::kCrash && f.crash().wipe_state())
      for (const auto& n : f.crash().nodes())
        if (n == "ledger")
          problem(path + ".crash.wipe_state",
                  "the ledger node's disk holds the mesh's ledger and cannot be wiped");
  }
  const auto& exec = s.execution();
  if (exec.mode() == v1::ExecutionModel::REAL && !exec.engine().empty() &&
      exec.engine() != "wasm-interp" && exec.engine() != "wasm-aot")
    problem("execution.engine", "must be \"wasm-interp\" or \"wasm-aot\"");
  if (exec.mode() != v1::ExecutionModel::REAL && exec.mode() != v1::ExecutionModel::MODELLED)
    problem("execution.mode", "must be MODELLED or REAL");
  if (exec.mode() == v1::ExecutionModel::REAL) {
    // A real WASM run lasts fuel / fuel_per_ms of simulated time; its fuel is at most the
    // spec's max_fuel (or the runtime's default), so that bounds the timer it becomes.
    const std::uint64_t fuel_per_ms = exec.fuel_per_ms() ? exec.fuel_per_ms() : kDefaultFuelPerMs;
    for (int i = 0; i < w.templates_size(); ++i) {
      const auto& spec = w.templates(i).spec();
      if (spec.runtime().kind() != v1::RUNTIME_WASM) continue;
      const std::uint64_t fuel =
          spec.resources().max_fuel() ? spec.resources().max_fuel() : runtime::kDefaultMaxFuel;
      if (fuel / fuel_per_ms > kMaxRealRunMs)
        problem("workload.templates[" + std::to_string(i) + "].spec.resources.max_fuel",
                "with execution.fuel_per_ms " + std::to_string(fuel_per_ms) + " a real run may " +
                    "last " + std::to_string(fuel / fuel_per_ms) + " ms of simulated time, " +
                    "at most " + std::to_string(kMaxRealRunMs));
    }
  }
  for (int i = 0; i < s.expect_size(); ++i)
    if (s.expect(i).metric().empty())
      problem("expect[" + std::to_string(i) + "].metric", "must not be empty");
  return out;
}

ScenarioResult parse_scenario(std::string_view file, std::string_view text) {
  if (auto refused = check_text_bounds(file, text, TextSyntax::kProtoText, kScenarioBounds))
    return tl::unexpected(std::vector<std::string>{format_diagnostic(*refused)});
  v1::Scenario s;
  const auto parsed = parse_text_format(text, &s, kScenarioBounds);
  std::vector<std::string> errors;
  for (const auto& e : parsed.issues) {
    errors.push_back(format_diagnostic(Diagnostic{std::string(file), e.line + 1, e.col + 1,
                                                  (e.fatal ? "" : "warning: ") + e.message}));
  }
  if (!parsed.ok) {
    if (errors.empty()) errors.push_back(std::string(file) + ":1:1: cannot parse scenario");
    return tl::unexpected(errors);
  }
  errors = check_scenario(file, s);
  if (!errors.empty()) return tl::unexpected(errors);
  return s;
}

ScenarioResult load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected(std::vector<std::string>{path + ": cannot read"});
  // Reading one byte more than a scenario may have is enough to refuse it (parse_scenario
  // names the limit) without reading it all.
  std::string text;
  char chunk[64 * 1024];
  while (text.size() <= kMaxScenarioBytes && in.read(chunk, sizeof chunk).gcount() > 0)
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return tl::unexpected(std::vector<std::string>{path + ": cannot read"});
  return parse_scenario(path, text);
}

std::string scenario_text(const v1::Scenario& s) {
  std::string out;
  google::protobuf::TextFormat::Printer printer;
  printer.PrintToString(s, &out);
  return out;
}

}  // namespace icn::sim
