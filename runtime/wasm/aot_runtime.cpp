#include "runtime/wasm/aot_runtime.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wabt/apply-names.h>
#include <wabt/binary-reader-ir.h>
#include <wabt/binary-reader.h>
#include <wabt/c-writer.h>
#include <wabt/generate-names.h>
#include <wabt/ir.h>
#include <wabt/stream.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "runtime/limits.hpp"
#include "runtime/wasm/aot_harness.hpp"
#include "runtime/wasm/host_abi.hpp"
#include "runtime/wasm/interp_runtime.hpp"
#include "runtime/wasm/module_prep.hpp"
#include "runtime/wasm/outcome.hpp"
#include "runtime/wasm/run_clock.hpp"

extern char** environ;

namespace icn::runtime::wasm {
namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultWasmRtDir = "/usr/src/wasm2c";

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

std::string wasm_rt_dir() {
  return env_or("ICNMESH_WASM_RT_INCLUDE", kDefaultWasmRtDir);
}

/// Runs argv without a shell; stdout and stderr go to `log`. True when it exits 0.
bool run_program(const std::vector<std::string>& argv, const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > 2000) s = s.substr(0, 2000) + "...";
  return s;
}

bool write_file(const fs::path& p, const void* data, std::size_t size) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  return static_cast<bool>(out);
}

std::vector<std::string> compile_command(const std::string& compiler, const fs::path& out,
                                         const std::vector<fs::path>& sources, bool guard_pages) {
  std::vector<std::string> cmd = {
      compiler,
      "-O2",
      "-shared",
      "-fPIC",
      "-fvisibility=hidden",
      "-Wl,-Bsymbolic",
      "-w",
      "-DNDEBUG",
      std::string("-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=") + (guard_pages ? "1" : "0"),
      "-DWASM_RT_USE_STACK_DEPTH_COUNT=1",
      "-DWASM_RT_MAX_CALL_STACK_DEPTH=" + std::to_string(kMaxCallDepth),
      "-I" + wasm_rt_dir(),
      "-o",
      out.string()};
  for (const auto& s : sources) cmd.push_back(s.string());
  cmd.push_back("-lm");
  return cmd;
}

// Host callbacks handed to the compiled module: the same functions the interpreter uses.
std::uint32_t cb_input_len(void* host) {
  return host_input_len(*static_cast<HostState*>(host));
}
std::uint32_t cb_read_input(void* host, std::uint8_t* mem, std::uint64_t mem_size,
                            std::uint64_t* fuel, std::uint32_t dst, std::uint32_t offset,
                            std::uint32_t len, int* fault) {
  auto& state = *static_cast<HostState*>(host);
  const std::uint32_t n =
      host_read_input(state, GuestMemory{mem, mem_size}, fuel, dst, offset, len);
  *fault = state.fault != HostFault::kNone;
  return n;
}
int cb_write_output(void* host, std::uint8_t* mem, std::uint64_t mem_size, std::uint64_t* fuel,
                    std::uint32_t src, std::uint32_t len) {
  auto& state = *static_cast<HostState*>(host);
  return host_write_output(state, GuestMemory{mem, mem_size}, fuel, src, len) ? 0 : 1;
}

TrapKind classify(std::uint32_t code) {
  switch (code) {
    case 1:
      return TrapKind::kOutOfBounds;  // WASM_RT_TRAP_OOB
    case 2:
      return TrapKind::kIntOverflow;  // WASM_RT_TRAP_INT_OVERFLOW
    case 3:
      return TrapKind::kDivByZero;  // WASM_RT_TRAP_DIV_BY_ZERO
    case 4:
      return TrapKind::kInvalidConversion;  // WASM_RT_TRAP_INVALID_CONVERSION
    case 5:
      return TrapKind::kUnreachable;  // WASM_RT_TRAP_UNREACHABLE
    case 6:
      return TrapKind::kIndirectCall;  // WASM_RT_TRAP_CALL_INDIRECT
    case 8:
      return TrapKind::kStackExhausted;  // WASM_RT_TRAP_EXHAUSTION
    default:
      return TrapKind::kOther;
  }
}

using RunFn = int (*)(AotContext*);

// ---- guard-page faults ----
// The run on this thread, if any: its memory reservation and trap function.
thread_local AotContext* t_active = nullptr;
struct sigaction g_previous_segv;

/// Turns a fault inside the running job's memory reservation into a wasm trap (the harness
/// siglongjmps out); any other fault goes to whoever handled SIGSEGV before us.
void on_segv(int sig, siginfo_t* info, void* ucontext) {
  AotContext* ctx = t_active;
  const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
  const auto base = reinterpret_cast<std::uintptr_t>(ctx ? ctx->mem_base : nullptr);
  if (ctx && base && addr >= base && addr - base < ctx->mem_reserved && ctx->trap_fn)
    ctx->trap_fn(1);  // WASM_RT_TRAP_OOB; does not return
  if (g_previous_segv.sa_flags & SA_SIGINFO) {
    if (g_previous_segv.sa_sigaction) g_previous_segv.sa_sigaction(sig, info, ucontext);
    return;
  }
  if (g_previous_segv.sa_handler == SIG_IGN) return;
  if (g_previous_segv.sa_handler == SIG_DFL) {
    signal(sig, SIG_DFL);  // returning re-executes the access: default action, core dump
    return;
  }
  g_previous_segv.sa_handler(sig);
}

/// Puts on_segv on top of SIGSEGV unless it already is, chaining to the handler found there.
/// Checked before every run, because a later library or test framework may have installed its
/// own handler over ours.
void ensure_segv_handler() {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  struct sigaction current {};
  sigaction(SIGSEGV, nullptr, &current);
  if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_segv) return;
  struct sigaction sa {};
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &g_previous_segv);
}

/// One loaded shared object. Its harness keeps per-object state, so runs are serialised.
struct Loaded {
  void* handle = nullptr;
  RunFn run = nullptr;
  std::mutex mutex;
};

}  // namespace

std::string resolve_aot_cache_dir(const AotOptions& options) {
  if (!options.cache_dir.empty()) return options.cache_dir;
  if (const char* v = std::getenv("ICNMESH_AOT_CACHE"); v && *v) return v;
  if (const char* v = std::getenv("XDG_CACHE_HOME"); v && *v)
    return std::string(v) + "/icnmesh/aot";
  if (const char* v = std::getenv("HOME"); v && *v) return std::string(v) + "/.cache/icnmesh/aot";
  return (fs::temp_directory_path() / "icnmesh-aot").string();
}

struct WasmAotRuntime::Impl {
  AotOptions options;
  std::string cache_dir;
  std::mutex mutex;  // guards `loaded`
  std::map<std::string, std::unique_ptr<Loaded>> loaded;

  /// The compiled object for `pm`, compiling it into the cache when it is not there yet.
  Expected<Loaded*> load(const PreparedModule& pm) {
    const std::string key = pm.metered_hash.substr(pm.metered_hash.find(':') + 1) + "-h" +
                            std::to_string(kAotHarnessVersion) + "-d" +
                            std::to_string(kMaxCallDepth) + (options.guard_pages ? "-g" : "-b");
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = loaded.find(key); it != loaded.end()) return it->second.get();
    std::error_code ec;
    fs::create_directories(cache_dir, ec);
    const fs::path so = fs::path(cache_dir) / (key + ".so");
    if (!fs::exists(so)) {
      if (auto built = compile(pm, so); !built) return tl::unexpected(built.error());
    }
    auto l = std::make_unique<Loaded>();
    l->handle = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!l->handle) return fail("aot", std::string("dlopen failed: ") + dlerror());
    l->run = reinterpret_cast<RunFn>(dlsym(l->handle, "icn_aot_run"));
    if (!l->run) return fail("aot", "compiled module lacks icn_aot_run");
    Loaded* raw = l.get();
    loaded.emplace(key, std::move(l));
    return raw;
  }

  Expected<bool> compile(const PreparedModule& pm, const fs::path& so) {
    wabt::Module m;
    wabt::Errors errors;
    wabt::Features features;
    features.disable_bulk_memory();
    features.disable_reference_types();
    const wabt::ReadBinaryOptions read_options(features, nullptr, false, true, false);
    if (wabt::Failed(wabt::ReadBinaryIr("job.wasm", pm.metered.data(), pm.metered.size(),
                                        read_options, &errors, &m)))
      return fail("aot", "could not re-read the metered module");
    wabt::GenerateNames(&m);
    wabt::ApplyNames(&m);
    wabt::MemoryStream c_stream, h_stream;
    wabt::WriteCOptions write_options;
    write_options.module_name = "job";
    if (wabt::Failed(wabt::WriteC(&c_stream, &h_stream, "module.h", &m, write_options)))
      return fail("aot", "wasm2c could not translate the module");

    char tmpl[] = "icn-aot-XXXXXX";
    const std::string dir_template = (fs::path(cache_dir) / tmpl).string();
    std::vector<char> buf(dir_template.begin(), dir_template.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) return fail("aot", "cannot create a build directory in " + cache_dir);
    const fs::path work(buf.data());
    std::string harness = std::string("#define ICN_HAS_MEMORY ") + (pm.has_memory ? "1" : "0") +
                          "\n#define ICN_HAS_ENV " + (pm.has_imports ? "1" : "0") +
                          "\n#define ICN_GUARD_PAGES " + (options.guard_pages ? "1" : "0") + "\n" +
                          aot_harness_source();
    const auto& c = c_stream.output_buffer().data;
    const auto& h = h_stream.output_buffer().data;
    const fs::path tmp_so = work / "module.so";
    bool ok = write_file(work / "module.c", c.data(), c.size()) &&
              write_file(work / "module.h", h.data(), h.size()) &&
              write_file(work / "harness.c", harness.data(), harness.size());
    std::string why;
    if (ok) {
      ok =
          run_program(compile_command(options_compiler(), tmp_so,
                                      {work / "module.c", work / "harness.c"}, options.guard_pages),
                      (work / "cc.log").string());
      if (!ok) why = "C compiler failed: " + read_text(work / "cc.log");
    } else {
      why = "cannot write sources to " + work.string();
    }
    std::error_code ec;
    if (ok) fs::rename(tmp_so, so, ec);  // atomic: a concurrent process sees all or nothing
    if (ok && ec) why = "cannot move the compiled module into the cache: " + ec.message();
    fs::remove_all(work, ec);
    if (!why.empty()) return fail("aot", why);
    return true;
  }

  std::string options_compiler() const {
    return options.compiler.empty() ? env_or("CC", "cc") : options.compiler;
  }
};

WasmAotRuntime::WasmAotRuntime(AotOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->cache_dir = resolve_aot_cache_dir(impl_->options);
}

// Loaded objects stay mapped for the life of the process: a job's code may still be on the
// stack of another thread's run, and the objects are small.
WasmAotRuntime::~WasmAotRuntime() = default;

RunResult WasmAotRuntime::run(const RunRequest& request) {
  const std::string engine = name();
  auto start = start_run(request, engine);
  if (!start) return std::move(start.error());
  const Limits& limits = start->limits;
  const PreparedModule& pm = *start->module;
  const std::uint64_t cap = start->cap_pages;
  auto loaded = impl_->load(pm);
  if (!loaded) {
    // No usable compiler for this module: the interpreter gives the same result, slower.
    return WasmInterpRuntime().run(request);
  }

  HostState host;
  host.input = request.input;
  host.max_output_bytes = limits.max_output_bytes;
  AotContext ctx;
  ctx.fuel = limits.max_fuel;
  ctx.cap_pages = static_cast<std::uint32_t>(cap);
  ctx.host = &host;
  ctx.input_len = cb_input_len;
  ctx.read_input = cb_read_input;
  ctx.write_output = cb_write_output;
  RunClock clock;
  {
    if (impl_->options.guard_pages) ensure_segv_handler();
    std::lock_guard<std::mutex> lock((*loaded)->mutex);
    t_active = &ctx;
    (*loaded)->run(&ctx);
    t_active = nullptr;
  }
  Observed observed;
  observed.trapped = ctx.trap != 0;
  observed.trap = classify(ctx.trap);
  observed.return_value = ctx.return_value;
  observed.fuel_left = ctx.fuel;
  observed.grow_failed = ctx.grow_failed != 0;
  observed.memory_pages = ctx.memory_pages;
  observed.wall_ms = clock.wall_ms();
  observed.cpu_ms = clock.cpu_ms();
  if (ctx.trap == 101) return error_result("could not reserve the job's linear memory", engine);
  return finish_run(observed, host, limits, engine);
}

std::unique_ptr<Runtime> make_aot_runtime(AotOptions options) {
  // Probe once per compiler and cache directory: can we build and load a shared object?
  static std::mutex mutex;
  static std::map<std::string, bool> probed;
  const std::string cache_dir = resolve_aot_cache_dir(options);
  const std::string compiler = options.compiler.empty() ? env_or("CC", "cc") : options.compiler;
  const std::string key = compiler + "|" + cache_dir;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = probed.find(key);
  if (it == probed.end()) {
    bool ok = fs::exists(fs::path(wasm_rt_dir()) / "wasm-rt.h");
    std::error_code ec;
    fs::create_directories(cache_dir, ec);
    if (ok) {
      const fs::path dir = fs::path(cache_dir) / ("probe-" + std::to_string(getpid()));
      fs::create_directories(dir, ec);
      const std::string probe = "#include \"wasm-rt.h\"\nint icn_probe(void) { return 0; }\n";
      ok = write_file(dir / "probe.c", probe.data(), probe.size()) &&
           run_program(
               compile_command(compiler, dir / "probe.so", {dir / "probe.c"}, options.guard_pages),
               (dir / "cc.log").string());
      fs::remove_all(dir, ec);
    }
    it = probed.emplace(key, ok).first;
  }
  if (!it->second) return nullptr;
  options.cache_dir = cache_dir;
  return std::make_unique<WasmAotRuntime>(std::move(options));
}

}  // namespace icn::runtime::wasm
