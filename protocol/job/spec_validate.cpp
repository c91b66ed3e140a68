#include "protocol/job/spec_validate.hpp"

#include <cmath>
#include <cstdint>
#include <set>
#include <utility>

#include "protocol/core/content_id.hpp"
#include "protocol/economics/rules.hpp"
#include "protocol/identity/did.hpp"
#include "protocol/wire/field_limits.hpp"

namespace icn {

namespace {

// Collects problems under a field-path prefix, so each rule names only its own field.
class Problems {
 public:
  void add(std::string path, std::string reason) {
    list.push_back(SpecProblem{std::move(path), std::move(reason)});
  }
  std::vector<SpecProblem> list;
};

std::string indexed(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// A content id's text form plus, when the bytes are inline, that they match it.
void check_content(Problems& p, const std::string& path, const std::string& hash,
                   std::uint64_t size, const std::string* inline_bytes, bool size_required) {
  // Executors fetch and verify code and inputs by content id, so it must be well formed.
  if (hash.empty()) {
    p.add(path + ".hash", "required: the content id (sha256:<64 hex>) of the bytes");
  } else if (!is_content_id(hash)) {
    p.add(path + ".hash", "not a content id (expected \"sha256:\" and 64 lower-case hex digits)");
  }
  // A declared size lets executors refuse oversized downloads and price the job.
  if (size_required && size == 0) p.add(path + ".size", "must be > 0");
  if (inline_bytes) {
    // Inline bytes that disagree with the declared hash would make the job id lie.
    std::string actual = content_id(std::string_view(*inline_bytes));
    if (is_content_id(hash) && actual != hash) {
      p.add(path + ".inline_bytes", "do not match hash (their content id is " + actual + ")");
    }
    if (size != inline_bytes->size()) {
      p.add(path + ".size", "is " + std::to_string(size) + " but inline_bytes has " +
                                std::to_string(inline_bytes->size()) + " bytes");
    }
  }
}

void check_code(Problems& p, const std::string& path, const v1::CodeRef& code) {
  check_content(p, path, code.hash(), code.size(),
                code.has_inline_bytes() ? &code.inline_bytes() : nullptr, true);
}

// Why `did` is not an Ed25519 did:key (the decoder's own explanation), or nullopt.
std::optional<std::string> did_key_problem(std::string_view did) {
  if (did.substr(0, 12) != "did:key:z6Mk") {
    return std::string("not an Ed25519 did:key (expected \"did:key:z6Mk...\")");
  }
  auto key = public_key_from_did(did);
  if (!key) return key.error().message;
  return std::nullopt;
}

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or values > U+10FFFF).
bool is_utf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = c < 0x80           ? 0
                        : (c >> 5) == 0x6  ? 1
                        : (c >> 4) == 0xE  ? 2
                        : (c >> 3) == 0x1E ? 3
                                           : 4;
    if (extra == 4) return false;                             // not a lead byte
    if (extra > 0 && i + extra >= text.size()) return false;  // truncated sequence
    std::uint32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

// Proto3 string fields must hold UTF-8: other implementations reject the message otherwise,
// and the spec's signed bytes would not survive a round trip through JSON.
void check_utf8(Problems& p, const google::protobuf::Message& message, const std::string& path) {
  const auto* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    std::string name = path.empty() ? field->name() : path + "." + field->name();
    bool is_string = field->type() == google::protobuf::FieldDescriptor::TYPE_STRING;
    bool is_message = field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE;
    if (!is_string && !is_message) continue;
    int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      std::string at = field->is_repeated() ? indexed(name, static_cast<std::size_t>(i)) : name;
      if (is_message) {
        check_utf8(p,
                   field->is_repeated() ? reflection->GetRepeatedMessage(message, field, i)
                                        : reflection->GetMessage(message, field),
                   at);
      } else if (!is_utf8(field->is_repeated() ? reflection->GetRepeatedString(message, field, i)
                                               : reflection->GetString(message, field))) {
        p.add(at, "not valid UTF-8");
      }
    }
  }
}

void check_runtime(Problems& p, const v1::JobSpec& spec) {
  const auto& rt = spec.runtime();
  switch (rt.kind()) {
    case v1::RUNTIME_WASM:
    case v1::RUNTIME_NATIVE:
      // Wasm modules and native executables are content-addressed; the id pins the code.
      check_code(p, "runtime.code", rt.code());
      // A wasm module has many exports; without a name the executor cannot pick one.
      if (rt.kind() == v1::RUNTIME_WASM && rt.entrypoint().empty()) {
        p.add("runtime.entrypoint", "required for RUNTIME_WASM: the exported function to call");
      }
      break;
    case v1::RUNTIME_CONTAINER:
      // Executors pull by name and refuse an image whose digest differs (pinning the code).
      if (rt.image().name().empty()) {
        p.add("runtime.image.name", "required for RUNTIME_CONTAINER");
      }
      if (rt.image().digest().empty()) {
        p.add("runtime.image.digest", "required for RUNTIME_CONTAINER: \"sha256:<64 hex>\"");
      } else if (!is_content_id(rt.image().digest())) {
        p.add("runtime.image.digest", "not an image digest (expected \"sha256:\" and 64 hex)");
      }
      break;
    default:
      // Without a runtime nobody can bid: the runtime decides which executors qualify.
      p.add("runtime.kind", "must be set (RUNTIME_WASM, RUNTIME_CONTAINER or RUNTIME_NATIVE)");
  }
  std::set<std::string> env_names;
  for (int i = 0; i < rt.env_size(); ++i) {
    const std::string& name = rt.env(i).name();
    std::string path = indexed("runtime.env", static_cast<std::size_t>(i)) + ".name";
    // An empty or '='-containing name cannot be passed to a process environment.
    if (name.empty() || name.find('=') != std::string::npos) {
      p.add(path, "must be non-empty and contain no '='");
    } else if (!env_names.insert(name).second) {
      // Duplicates make the effective value depend on the runtime's precedence.
      p.add(path, "duplicate environment variable \"" + name + "\"");
    }
  }
}

void check_inputs(Problems& p, const v1::JobSpec& spec) {
  std::set<std::string> names;
  for (int i = 0; i < spec.inputs_size(); ++i) {
    const auto& in = spec.inputs(i);
    std::string path = indexed("inputs", static_cast<std::size_t>(i));
    // Inputs are addressed by name inside the sandbox, so names must exist and be unique.
    if (in.name().empty()) {
      p.add(path + ".name", "required");
    } else if (!names.insert(in.name()).second) {
      p.add(path + ".name", "duplicate input name \"" + in.name() + "\"");
    }
    // Empty inputs are legal (size 0), so the size is only checked against inline bytes.
    check_content(p, path, in.hash(), in.size(),
                  in.has_inline_bytes() ? &in.inline_bytes() : nullptr, false);
  }
}

// "host:port" with a non-empty host and a port in 1..65535.
bool is_host_port(const std::string& entry) {
  auto colon = entry.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == entry.size()) return false;
  std::string port = entry.substr(colon + 1);
  if (port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  long value = std::stol(port);
  return value >= 1 && value <= 65535;
}

void check_resources(Problems& p, const v1::JobSpec& spec) {
  const auto& r = spec.resources();
  // Bids are priced against these; zero would let an executor promise nothing.
  if (r.memory_bytes() == 0) p.add("resources.memory_bytes", "must be > 0");
  if (r.cpu_millicores() == 0) p.add("resources.cpu_millicores", "must be > 0");
  if (r.max_wall_time_ms() == 0) p.add("resources.max_wall_time_ms", "must be > 0");
  // Fuel is the wasm runtime's deterministic meter; without a limit a module may spin forever.
  if (spec.runtime().kind() == v1::RUNTIME_WASM && r.max_fuel() == 0) {
    p.add("resources.max_fuel", "must be > 0 for RUNTIME_WASM");
  }
  // Egress is denied by default; an allowlist is the only way to open it, and only with
  // NETWORK_ALLOWLIST, so the policy and the list can never contradict each other.
  if (r.network() == v1::NETWORK_ALLOWLIST && r.network_allowlist_size() == 0) {
    p.add("resources.network_allowlist", "must not be empty with NETWORK_ALLOWLIST");
  }
  if (r.network() == v1::NETWORK_NONE && r.network_allowlist_size() > 0) {
    p.add("resources.network_allowlist", "must be empty with NETWORK_NONE");
  }
  for (int i = 0; i < r.network_allowlist_size(); ++i) {
    if (!is_host_port(r.network_allowlist(i))) {
      p.add(indexed("resources.network_allowlist", static_cast<std::size_t>(i)),
            "expected \"host:port\" with a port in 1..65535");
    }
  }
  // The wasm sandbox has no device access; GPUs exist only for containers and native code.
  if (r.gpus() > 0 && spec.runtime().kind() == v1::RUNTIME_WASM) {
    p.add("resources.gpus", "only RUNTIME_CONTAINER and RUNTIME_NATIVE jobs can use GPUs");
  }
}

void check_payment(Problems& p, const v1::JobSpec& spec) {
  const auto& pay = spec.payment();
  // An executor paid nothing has no reason to run the job, and escrow of 0 secures nothing.
  if (pay.max_price() == 0) p.add("payment.max_price", "must be > 0");
  // Validators re-execute at their own cost; without a budget no honest validator votes.
  if (spec.validation().validators() > 0 && pay.validator_fee_budget() == 0) {
    p.add("payment.validator_fee_budget", "must be > 0 when validation.validators > 0");
  }
  // The escrow is locked as one amount; it must be representable.
  if (!escrow_needed(pay)) {
    p.add("payment", "max_price + validator_fee_budget + dispute_reserve overflows 64 bits");
  }
}

void check_privacy(Problems& p, const v1::JobSpec& spec) {
  const auto& priv = spec.privacy();
  bool encrypted = priv.mode() == v1::PRIVACY_CONFIDENTIAL || priv.mode() == v1::PRIVACY_ZK;
  // Confidential and zk outputs are encrypted to these keys; with none, nobody could read them.
  if (encrypted && priv.recipient_keys_size() == 0) {
    p.add("privacy.recipient_keys", "must not be empty with PRIVACY_CONFIDENTIAL or PRIVACY_ZK");
  }
  for (int i = 0; i < priv.recipient_keys_size(); ++i) {
    if (auto why = did_key_problem(priv.recipient_keys(i))) {
      p.add(indexed("privacy.recipient_keys", static_cast<std::size_t>(i)), *why);
    }
  }
  // A proof is of some statement; validators check the proof against this identifier.
  if (priv.mode() == v1::PRIVACY_ZK && priv.zk_statement().empty()) {
    p.add("privacy.zk_statement", "required with PRIVACY_ZK");
  }
}

void check_accuracy(Problems& p, const v1::JobSpec& spec) {
  const auto& acc = spec.accuracy();
  if (acc.mode() == v1::ACCURACY_TOLERANCE) {
    // Validators compare outputs within epsilon; 0, negative, NaN or infinite make that
    // comparison meaningless (exact, or everything agrees).
    if (!(std::isfinite(acc.epsilon()) && acc.epsilon() > 0)) {
      p.add("accuracy.epsilon", "must be > 0 and finite with ACCURACY_TOLERANCE");
    }
    // A deterministic job's outputs are bit-identical, so a tolerance would only let a
    // cheating executor pass; the two declarations contradict each other.
    if (spec.determinism() == v1::DETERMINISM_DETERMINISTIC) {
      p.add("accuracy.mode",
            "ACCURACY_TOLERANCE on a job declared DETERMINISM_DETERMINISTIC: deterministic "
            "outputs are compared exactly");
    }
  } else if (acc.epsilon() != 0) {
    // An epsilon with exact comparison is ignored; the author probably meant tolerance.
    p.add("accuracy.epsilon", "only meaningful with ACCURACY_TOLERANCE");
  }
}

void check_validation(Problems& p, const v1::JobSpec& spec) {
  const auto& v = spec.validation();
  // validators <= kMaxValidators is the field's declared limit (job.proto), checked first.
  if (v.validators() == 0) {
    // No validators: nothing can vote, so a quorum would never be reached.
    if (v.quorum() != 0) p.add("validation.quorum", "must be 0 when validation.validators is 0");
    return;
  }
  // A quorum of 0 would decide without any vote; above k it could never be reached.
  if (v.quorum() < 1) p.add("validation.quorum", "must be >= 1");
  if (v.quorum() > v.validators()) {
    p.add("validation.quorum",
          "must be <= validation.validators (" + std::to_string(v.validators()) + ")");
  }
  // A minority quorum is legal: the quorum rule (protocol/validation/quorum.hpp) also demands
  // a strict majority of k, so two outcomes can never both decide.
}

void check_deadlines(Problems& p, const v1::JobSpec& spec, UnixMs now) {
  const auto& d = spec.deadlines();
  // A zero bid window closes bidding at submission: no executor could ever win the job.
  if (d.bid_window_ms() == 0) p.add("deadlines.bid_window_ms", "must be > 0");
  if (d.execution_deadline_ms() <= d.bid_window_ms()) {
    // The receipt is due after execution, which starts only once bidding closed.
    p.add("deadlines.execution_deadline_ms", "inverted: must be after deadlines.bid_window_ms (" +
                                                 std::to_string(d.bid_window_ms()) + " ms)");
  } else if (spec.resources().max_wall_time_ms() > d.execution_deadline_ms() - d.bid_window_ms()) {
    // A job allowed to run longer than the time left after bidding would always be late.
    p.add("resources.max_wall_time_ms",
          "must fit between the bid window's end and the execution deadline (<= " +
              std::to_string(d.execution_deadline_ms() - d.bid_window_ms()) + " ms)");
  }
  // A spec past its not_after instant can no longer be submitted (replay protection).
  if (d.not_after_unix_ms() != 0 && d.not_after_unix_ms() < now) {
    p.add("deadlines.not_after_unix_ms", "in the past (" + std::to_string(d.not_after_unix_ms()) +
                                             " < now " + std::to_string(now) + ")");
  }
}

void check_placement(Problems& p, const v1::JobSpec& spec) {
  double r = spec.placement().min_reputation();
  // Reputation scores live in [0,1]; anything else excludes everyone or nobody by accident.
  if (!(r >= 0.0 && r <= 1.0)) p.add("placement.min_reputation", "must be in [0, 1]");
}

void check_sharding(Problems& p, const v1::JobSpec& spec) {
  if (!spec.has_sharding()) return;
  const auto& s = spec.sharding();
  // One shard is just the unsharded job, with extra reduction cost.
  if (s.shard_count() < 2) p.add("sharding.shard_count", "must be >= 2");
  // The strategy decides what each shard receives; there is no sensible default.
  if (s.strategy() == v1::SHARD_STRATEGY_UNSPECIFIED) {
    p.add("sharding.strategy", "must be set (SHARD_STRATEGY_SPLIT_INPUT or _REPLICATE)");
  }
  // Splitting needs something to split.
  if (s.strategy() == v1::SHARD_STRATEGY_SPLIT_INPUT && spec.inputs_size() == 0) {
    p.add("sharding.strategy", "SHARD_STRATEGY_SPLIT_INPUT needs at least one input");
  }
  // More required shards than exist could never produce a result.
  if (s.min_shards_for_result() > s.shard_count()) {
    p.add("sharding.min_shards_for_result",
          "must be <= sharding.shard_count (" + std::to_string(s.shard_count()) + ")");
  }
  // The reducer is code like the job's own, content-addressed the same way.
  if (s.has_reducer()) check_code(p, "sharding.reducer", s.reducer());
}

void check_federated_learning(Problems& p, const v1::JobSpec& spec) {
  if (!spec.has_federated_learning()) return;
  const auto& fl = spec.federated_learning();
  // Shards split one computation; FL rounds aggregate many: the coordinators are exclusive.
  if (spec.has_sharding()) {
    p.add("federated_learning", "a job is either sharded or federated, not both");
  }
  if (fl.rounds() < 1) p.add("federated_learning.rounds", "must be >= 1");
  // Aggregating a single update reveals it and averages nothing.
  if (fl.min_participants() < 2) p.add("federated_learning.min_participants", "must be >= 2");
  if (fl.model_dimension() < 1) p.add("federated_learning.model_dimension", "must be >= 1");
  if (fl.aggregation() == v1::AGGREGATION_UNSPECIFIED) {
    p.add("federated_learning.aggregation", "must be set");
  }
  if (!(std::isfinite(fl.learning_rate()) && fl.learning_rate() > 0)) {
    p.add("federated_learning.learning_rate", "must be > 0 and finite");
  }
  // 0 disables clipping; a negative L2 bound is meaningless.
  if (!(std::isfinite(fl.clip_norm()) && fl.clip_norm() >= 0)) {
    p.add("federated_learning.clip_norm", "must be >= 0 and finite");
  }
  // Trimming 50% at each end leaves nothing to average.
  if (fl.trim_fraction_percent() >= 50) {
    p.add("federated_learning.trim_fraction_percent", "must be < 50");
  }
  // Krum tolerates f Byzantine updates only when n > 2f + 2 (Blanchard et al. 2017); a
  // Byzantine-robust rule must tolerate at least f = 1, so n >= 5.
  if (fl.aggregation() == v1::AGGREGATION_KRUM && fl.min_participants() < kKrumMinParticipants) {
    p.add("federated_learning.min_participants",
          "must be >= " + std::to_string(kKrumMinParticipants) +
              " with AGGREGATION_KRUM (n > 2f + 2 with f >= 1)");
  }
  // Noise scale is a standard deviation multiplier; negative or NaN noise is not noise.
  if (!(std::isfinite(fl.dp_noise_multiplier()) && fl.dp_noise_multiplier() >= 0)) {
    p.add("federated_learning.dp_noise_multiplier", "must be >= 0 and finite");
  }
  // The starting model is fetched by content id like any input.
  if (!fl.initial_model_hash().empty() && !is_content_id(fl.initial_model_hash())) {
    p.add("federated_learning.initial_model_hash",
          "not a content id (expected \"sha256:\" and 64 lower-case hex digits)");
  }
}

}  // namespace

std::string format_problem(std::string_view file, const SpecProblem& problem) {
  return std::string(file) + ": " + problem.field_path + ": " + problem.reason;
}

std::optional<std::uint64_t> escrow_needed(const v1::Payment& payment) {
  // The rule itself lives in one place: economics::submitter_escrow.
  auto escrow = economics::submitter_escrow(payment);
  if (!escrow) return std::nullopt;
  return *escrow;
}

bool is_well_formed_did_key(std::string_view did) {
  return !did_key_problem(did).has_value();
}

std::vector<SpecProblem> validate_spec(const v1::JobSpec& spec, UnixMs now) {
  // Declared limits first (every number in range, every size bounded): the rules below may
  // then compute with any value. A rule about a field already out of range, or about the
  // message holding it, would only repeat that problem, so it is left out.
  std::vector<SpecProblem> limits;
  for (auto& l : check_field_limits(spec)) {
    limits.push_back(SpecProblem{std::move(l.field_path), std::move(l.reason)});
  }
  auto repeats_a_limit = [&limits](const SpecProblem& problem) {
    for (const auto& l : limits) {
      const std::string& path = l.field_path;
      if (path == problem.field_path || path.rfind(problem.field_path + ".", 0) == 0) return true;
    }
    return false;
  };
  Problems p;
  // Unknown versions may carry fields this build would silently ignore.
  if (spec.version() != kJobSpecVersion) {
    p.add("version", "must be " + std::to_string(kJobSpecVersion) + " (got " +
                         std::to_string(spec.version()) + ")");
  }
  // The submitter signs the spec and pays from its account; it must be an identity.
  if (spec.submitter().empty()) {
    p.add("submitter", "required: the submitter's did:key");
  } else if (auto why = did_key_problem(spec.submitter())) {
    p.add("submitter", *why);
  }
  check_utf8(p, spec, "");
  check_runtime(p, spec);
  check_inputs(p, spec);
  check_resources(p, spec);
  check_payment(p, spec);
  check_privacy(p, spec);
  check_accuracy(p, spec);
  check_validation(p, spec);
  check_deadlines(p, spec, now);
  check_placement(p, spec);
  check_sharding(p, spec);
  check_federated_learning(p, spec);
  for (auto& problem : p.list) {
    if (!repeats_a_limit(problem)) limits.push_back(std::move(problem));
  }
  return limits;
}

}  // namespace icn
