#include "runtime/wasm/interp_runtime.hpp"

#include <wabt/binary-reader.h>
#include <wabt/interp/binary-reader-interp.h>
#include <wabt/interp/interp.h>

#include <algorithm>

#include "runtime/limits.hpp"
#include "runtime/wasm/host_abi.hpp"
#include "runtime/wasm/module_prep.hpp"
#include "runtime/wasm/outcome.hpp"
#include "runtime/wasm/run_clock.hpp"

namespace wi = wabt::interp;

// wabt 1.0.32 runs a call only to completion (Func::Call); stepping it in chunks needs
// Thread::PushValues/PushCall/PopValues, which are private. Explicit template instantiation
// may name private members, which gives us pointers to them without patching wabt.
namespace {
template <class Tag, typename Tag::type M>
struct Rob {
  friend typename Tag::type get(Tag) { return M; }
};
struct PushValuesTag {
  using type = void (wi::Thread::*)(const wi::ValueTypes&, const wi::Values&);
  friend type get(PushValuesTag);
};
struct PopValuesTag {
  using type = void (wi::Thread::*)(const wi::ValueTypes&, wi::Values*);
  friend type get(PopValuesTag);
};
struct PushCallTag {
  using type = wi::RunResult (wi::Thread::*)(const wi::DefinedFunc&, wi::Trap::Ptr*);
  friend type get(PushCallTag);
};
template struct Rob<PushValuesTag, &wi::Thread::PushValues>;
template struct Rob<PopValuesTag, &wi::Thread::PopValues>;
template struct Rob<PushCallTag, &wi::Thread::PushCall>;
}  // namespace

namespace icn::runtime::wasm {
namespace {

constexpr int kChunk = 10'000;
/// Interpreter steps allowed per unit of fuel: instrumentation adds at most ~12 steps to a
/// one-instruction loop, so this never fires before the fuel check does.
constexpr std::uint64_t kStepsPerFuel = 16;

TrapKind classify(const std::string& message) {
  auto has = [&](const char* s) { return message.find(s) != std::string::npos; };
  if (has("out of bounds")) return TrapKind::kOutOfBounds;
  if (has("unreachable")) return TrapKind::kUnreachable;
  if (has("stack exhausted")) return TrapKind::kStackExhausted;
  if (has("divide by zero")) return TrapKind::kDivByZero;
  if (has("integer overflow")) return TrapKind::kIntOverflow;
  if (has("invalid conversion")) return TrapKind::kInvalidConversion;
  if (has("indirect call") || has("table") || has("uninitialized")) return TrapKind::kIndirectCall;
  return TrapKind::kOther;
}

/// What the host functions need; filled after instantiation (there is no start function).
struct Bindings {
  wi::Store* store = nullptr;
  wi::Memory* memory = nullptr;
  wi::Global* fuel = nullptr;
  HostState* host = nullptr;

  GuestMemory guest() const {
    return memory ? GuestMemory{memory->UnsafeData(), memory->ByteSize()} : GuestMemory{};
  }
  std::uint64_t get_fuel() const { return fuel->UnsafeGet<std::uint64_t>(); }
  void set_fuel(std::uint64_t v) { fuel->UnsafeSet(wi::Value::Make(v)); }
};

wabt::Result host_trap(Bindings* b, wi::Trap::Ptr* out_trap) {
  *out_trap = wi::Trap::New(*b->store, "host function fault");
  return wabt::Result::Error;
}

wi::HostFunc::Callback make_callback(const std::string& name, Bindings* b) {
  if (name == "input_len")
    return
        [b](wi::Thread&, const wi::Values&, wi::Values& results, wi::Trap::Ptr*) -> wabt::Result {
          results[0] = wi::Value::Make(host_input_len(*b->host));
          return wabt::Result::Ok;
        };
  if (name == "read_input")
    return [b](wi::Thread&, const wi::Values& args, wi::Values& results,
               wi::Trap::Ptr* trap) -> wabt::Result {
      std::uint64_t fuel = b->get_fuel();
      const std::uint32_t n = host_read_input(*b->host, b->guest(), &fuel, args[0].Get<wi::u32>(),
                                              args[1].Get<wi::u32>(), args[2].Get<wi::u32>());
      b->set_fuel(fuel);
      if (b->host->fault != HostFault::kNone) return host_trap(b, trap);
      results[0] = wi::Value::Make(n);
      return wabt::Result::Ok;
    };
  return
      [b](wi::Thread&, const wi::Values& args, wi::Values&, wi::Trap::Ptr* trap) -> wabt::Result {
        std::uint64_t fuel = b->get_fuel();
        const bool ok = host_write_output(*b->host, b->guest(), &fuel, args[0].Get<wi::u32>(),
                                          args[1].Get<wi::u32>());
        b->set_fuel(fuel);
        return ok ? wabt::Result(wabt::Result::Ok) : host_trap(b, trap);
      };
}

}  // namespace

RunResult WasmInterpRuntime::run(const RunRequest& request) {
  const std::string engine = name();
  auto start = start_run(request, engine);
  if (!start) return std::move(start.error());
  const Limits& limits = start->limits;
  const PreparedModule& pm = *start->module;
  const std::uint64_t cap = start->cap_pages;

  RunClock clock;
  wabt::Features features;
  features.disable_bulk_memory();
  features.disable_reference_types();
  wi::Store store(features);
  wi::ModuleDesc desc;
  wabt::Errors errors;
  const wabt::ReadBinaryOptions options(features, nullptr, false, true, false);
  if (wabt::Failed(wi::ReadBinaryInterp("job.wasm", pm.metered.data(), pm.metered.size(), options,
                                        &errors, &desc)))
    return error_result("module invalid: the interpreter could not load the metered module",
                        engine);
  for (auto& mem : desc.memories) {
    wabt::Limits& l = mem.type.limits;
    l.max = std::min<std::uint64_t>(l.has_max ? l.max : 65536, cap);
    l.has_max = true;
  }
  wi::Module::Ptr module = wi::Module::New(store, std::move(desc));

  HostState host;
  host.input = request.input;
  host.max_output_bytes = limits.max_output_bytes;
  Bindings bindings;
  bindings.store = &store;
  bindings.host = &host;
  wi::RefVec imports;
  for (const wi::ImportType& imp : module->import_types()) {
    const auto* ft = wabt::cast<wi::FuncType>(imp.type.get());
    imports.push_back(wi::HostFunc::New(store, *ft, make_callback(imp.name, &bindings)).ref());
  }
  wi::Trap::Ptr trap;
  wi::Instance::Ptr instance = wi::Instance::Instantiate(store, module.ref(), imports, &trap);
  if (!instance)
    return error_result("module could not be instantiated: " +
                            (trap ? trap->message() : std::string("unknown reason")),
                        engine);
  wi::DefinedFunc* entry_fn = nullptr;
  wi::Global* grow_failed = nullptr;
  for (std::size_t i = 0; i < module->export_types().size(); ++i) {
    const std::string& export_name = module->export_types()[i].name;
    const wi::Ref ref = instance->exports()[i];
    if (export_name == kEntryExport) entry_fn = store.UnsafeGet<wi::DefinedFunc>(ref).get();
    if (export_name == kFuelExport) bindings.fuel = store.UnsafeGet<wi::Global>(ref).get();
    if (export_name == kGrowFailedExport) grow_failed = store.UnsafeGet<wi::Global>(ref).get();
    if (export_name == kMemoryExport) bindings.memory = store.UnsafeGet<wi::Memory>(ref).get();
  }
  if (!entry_fn || !bindings.fuel || !grow_failed)
    return error_result("internal: metered module lacks its icn_ exports", engine);
  bindings.set_fuel(limits.max_fuel);

  Observed observed;
  wi::Thread thread(store);
  const wi::FuncType& ft = entry_fn->type();
  (thread.*get(PushValuesTag{}))(ft.params, wi::Values{});
  wi::RunResult r = (thread.*get(PushCallTag{}))(*entry_fn, &trap);
  const std::uint64_t max_steps = limits.max_fuel * kStepsPerFuel + 10'000'000;
  std::uint64_t steps = 0;
  while (r == wi::RunResult::Ok) {
    if (steps >= max_steps) {
      bindings.set_fuel(kOutOfFuelSentinel);
      break;
    }
    if (clock.wall_ms() > limits.wall_time_ms) {
      observed.timed_out = true;
      break;
    }
    r = thread.Run(kChunk, &trap);
    steps += kChunk;
  }
  if (r == wi::RunResult::Return) {
    wi::Values results;
    (thread.*get(PopValuesTag{}))(ft.results, &results);
    observed.return_value = static_cast<std::int32_t>(results.at(0).Get<wi::u32>());
  } else if (r == wi::RunResult::Trap) {
    observed.trapped = true;
    observed.trap = classify(trap ? trap->message() : std::string());
  }
  observed.fuel_left = bindings.get_fuel();
  observed.grow_failed = grow_failed->UnsafeGet<wi::u32>() != 0;
  observed.memory_pages = bindings.memory ? bindings.memory->PageSize() : 0;
  observed.wall_ms = clock.wall_ms();
  observed.cpu_ms = clock.cpu_ms();
  return finish_run(observed, host, limits, engine);
}

std::unique_ptr<Runtime> make_interp_runtime() {
  return std::make_unique<WasmInterpRuntime>();
}

}  // namespace icn::runtime::wasm
