#include "protocol/job/spec_summary.hpp"

#include <cstdint>
#include <cstdio>
#include <sstream>

#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_validate.hpp"

namespace icn {

namespace {

// One decimal, dropped when it is zero: "1.5", "64".
std::string one_decimal(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  std::string text(buffer);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

// Shortest exact-enough text of a double: "0.05", "1e-06", "0.5".
std::string number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string runtime_name(v1::RuntimeKind kind) {
  switch (kind) {
    case v1::RUNTIME_WASM:
      return "wasm";
    case v1::RUNTIME_CONTAINER:
      return "container";
    case v1::RUNTIME_NATIVE:
      return "native";
    default:
      return "unspecified";
  }
}

std::string code_text(const v1::CodeRef& code) {
  std::string text = code.hash() + " (" + human_bytes(code.size());
  if (code.has_inline_bytes()) text += ", inline";
  if (code.has_uri()) text += ", " + code.uri();
  return text + ")";
}

std::string join(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 6) {
    value /= 1024;
    ++unit;
  }
  return one_decimal(value) + " " + kUnits[unit];
}

std::string human_duration_ms(std::uint64_t ms) {
  if (ms < 1000) return std::to_string(ms) + " ms";
  double seconds = static_cast<double>(ms) / 1000;
  if (seconds < 60) return one_decimal(seconds) + " s";
  if (seconds < 3600) return one_decimal(seconds / 60) + " min";
  if (seconds < 86400) return one_decimal(seconds / 3600) + " h";
  return one_decimal(seconds / 86400) + " d";
}

std::string spec_summary(const v1::JobSpec& spec) {
  std::ostringstream out;
  auto line = [&out](const std::string& label, const std::string& value) {
    out << label << ":" << std::string(label.size() < 13 ? 13 - label.size() : 1, ' ') << value
        << "\n";
  };
  line("name", spec.name().empty() ? "(none)" : spec.name());
  line("job id", job_id(spec));
  line("submitter", spec.submitter());

  const auto& rt = spec.runtime();
  std::string runtime = runtime_name(rt.kind());
  if (rt.kind() == v1::RUNTIME_CONTAINER) {
    runtime += " image " + rt.image().name() + " @ " + rt.image().digest();
  } else {
    runtime += " code " + code_text(rt.code());
  }
  line("runtime", runtime);
  if (!rt.entrypoint().empty() || rt.args_size() > 0) {
    std::string command = rt.entrypoint();
    for (const auto& arg : rt.args()) command += " " + arg;
    line("entrypoint", command);
  }

  std::uint64_t input_bytes = 0;
  for (const auto& in : spec.inputs()) {
    input_bytes = in.size() > UINT64_MAX - input_bytes ? UINT64_MAX : input_bytes + in.size();
  }
  line("inputs", std::to_string(spec.inputs_size()) + " (" + human_bytes(input_bytes) +
                     " total), digest " + input_digest(spec));

  const auto& r = spec.resources();
  std::string resources = std::to_string(r.cpu_millicores()) + " millicores CPU, " +
                          human_bytes(r.memory_bytes()) + " memory, wall time " +
                          human_duration_ms(r.max_wall_time_ms());
  if (r.storage_bytes()) resources += ", " + human_bytes(r.storage_bytes()) + " storage";
  if (r.max_fuel()) resources += ", fuel " + std::to_string(r.max_fuel());
  if (r.max_output_bytes()) resources += ", output <= " + human_bytes(r.max_output_bytes());
  if (r.gpus()) resources += ", " + std::to_string(r.gpus()) + " GPU";
  line("resources", resources);
  line("network",
       r.network() == v1::NETWORK_ALLOWLIST ? "allowlist: " + join(r.network_allowlist()) : "none");

  const auto& pay = spec.payment();
  auto escrow = escrow_needed(pay);
  line("payment", "max price " + std::to_string(pay.max_price()) + ", validator fees " +
                      std::to_string(pay.validator_fee_budget()) + ", dispute reserve " +
                      std::to_string(pay.dispute_reserve()));
  line("escrow", escrow ? std::to_string(*escrow) + " mana locked at submission" : "overflows");

  const auto& priv = spec.privacy();
  std::string privacy = v1::PrivacyMode_Name(priv.mode());
  if (priv.recipient_keys_size()) {
    privacy += ", " + std::to_string(priv.recipient_keys_size()) + " recipient key(s)";
  }
  if (!priv.zk_statement().empty()) privacy += ", statement " + priv.zk_statement();
  line("privacy", privacy);
  std::string accuracy = v1::AccuracyMode_Name(spec.accuracy().mode());
  if (spec.accuracy().mode() == v1::ACCURACY_TOLERANCE) {
    accuracy += " (epsilon " + number(spec.accuracy().epsilon()) + ")";
  }
  line("accuracy", accuracy);
  line("determinism", v1::Determinism_Name(spec.determinism()));

  const auto& v = spec.validation();
  line("validation", "k=" + std::to_string(v.validators()) + " validators, quorum " +
                         std::to_string(v.quorum()) + ", dispute window " +
                         human_duration_ms(v.dispute_window_ms()));
  const auto& d = spec.deadlines();
  std::string deadlines = "bids close after " + human_duration_ms(d.bid_window_ms()) +
                          ", receipt due after " + human_duration_ms(d.execution_deadline_ms());
  deadlines += d.not_after_unix_ms()
                   ? ", submit before " + std::to_string(d.not_after_unix_ms()) + " (unix ms)"
                   : ", no submission limit";
  line("deadlines", deadlines);
  const auto& pl = spec.placement();
  if (pl.min_reputation() > 0 || pl.required_capabilities_size() || pl.federations_size() ||
      pl.min_executor_bond()) {
    std::string placement = "min reputation " + number(pl.min_reputation());
    if (pl.required_capabilities_size()) placement += ", needs " + join(pl.required_capabilities());
    if (pl.federations_size()) placement += ", federations " + join(pl.federations());
    if (pl.min_executor_bond()) placement += ", bond >= " + std::to_string(pl.min_executor_bond());
    line("placement", placement);
  }
  if (spec.has_sharding()) {
    const auto& s = spec.sharding();
    std::string sharding = std::to_string(s.shard_count()) + " shards, " +
                           v1::ShardStrategy_Name(s.strategy()) + ", result from " +
                           (s.min_shards_for_result() ? std::to_string(s.min_shards_for_result())
                                                      : std::string("all")) +
                           " shards";
    if (s.has_reducer()) sharding += ", reducer " + code_text(s.reducer());
    line("sharding", sharding);
  }
  if (spec.has_federated_learning()) {
    const auto& fl = spec.federated_learning();
    std::string text = std::to_string(fl.rounds()) +
                       " rounds, >= " + std::to_string(fl.min_participants()) +
                       " participants, dimension " + std::to_string(fl.model_dimension()) + ", " +
                       v1::AggregationRule_Name(fl.aggregation());
    if (fl.aggregation() == v1::AGGREGATION_TRIMMED_MEAN) {
      text += " (" + std::to_string(fl.trim_fraction_percent()) + "% each end)";
    }
    text += ", lr " + number(fl.learning_rate());
    if (fl.clip_norm() > 0) text += ", clip " + number(fl.clip_norm());
    if (fl.dp_noise_multiplier() > 0) text += ", dp noise " + number(fl.dp_noise_multiplier());
    if (fl.secure_aggregation()) text += ", secure aggregation";
    line("federated", text);
  }
  return out.str();
}

}  // namespace icn
