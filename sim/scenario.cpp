#include "sim/scenario.hpp"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace icn::sim {
namespace {

class Collector : public google::protobuf::io::ErrorCollector {
 public:
  Collector(std::string_view file, std::vector<std::string>& out) : file_(file), out_(out) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    out_.push_back(file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) +
                   ": " + message);
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    AddError(line, column, "warning: " + message);
  }

 private:
  std::string file_;
  std::vector<std::string>& out_;
};

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

}  // namespace

std::vector<std::string> check_scenario(std::string_view file_view, const v1::Scenario& s) {
  const std::string file(file_view);
  std::vector<std::string> out;
  auto problem = [&](const std::string& path, const std::string& why) {
    out.push_back(file + ": " + path + ": " + why);
  };
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
  }
  auto probability = [&](const std::string& path, double p) {
    if (!(p >= 0 && p <= 1)) problem(path, "must be a probability in [0, 1]");
  };
  probability("network.loss", s.network().loss());
  probability("network.duplicate", s.network().duplicate());

  std::set<std::string> group_names;
  std::map<std::string, v1::SimRole> roles;
  int submitters = 0, executors = 0, validators = 0;
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
    if (k > static_cast<std::uint32_t>(validators))
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
  if (w.arrival().kind() == v1::Arrival::FIXED && w.arrival().interval_ms() == 0)
    problem("workload.arrival.interval_ms", "must be > 0 for FIXED arrivals");

  auto known_node = [&](const std::string& n) {
    if (n == "ledger" || group_names.count(n)) return true;
    auto dash = n.rfind('-');
    if (dash == std::string::npos) return false;
    const std::string group = n.substr(0, dash);
    const std::string index = n.substr(dash + 1);
    if (!group_names.count(group) || index.empty() ||
        index.find_first_not_of("0123456789") != std::string::npos)
      return false;
    for (const auto& g : s.population())
      if (g.name() == group) return std::stoull(index) < g.count();
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
  for (int i = 0; i < s.expect_size(); ++i)
    if (s.expect(i).metric().empty())
      problem("expect[" + std::to_string(i) + "].metric", "must not be empty");
  return out;
}

ScenarioResult parse_scenario(std::string_view file, std::string_view text) {
  std::vector<std::string> errors;
  Collector collector(file, errors);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  v1::Scenario s;
  if (!parser.ParseFromString(std::string(text), &s)) {
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
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_scenario(path, buf.str());
}

std::string scenario_text(const v1::Scenario& s) {
  std::string out;
  google::protobuf::TextFormat::Printer printer;
  printer.PrintToString(s, &out);
  return out;
}

}  // namespace icn::sim
