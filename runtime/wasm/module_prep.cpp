#include "runtime/wasm/module_prep.hpp"

#include <wabt/binary-reader-ir.h>
#include <wabt/binary-reader.h>
#include <wabt/binary-writer.h>
#include <wabt/cast.h>
#include <wabt/error.h>
#include <wabt/feature.h>
#include <wabt/interp/binary-reader-interp.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/validator.h>

#include <map>
#include <mutex>

#include "protocol/core/content_id.hpp"
#include "runtime/wasm/host_abi.hpp"

namespace icn::runtime::wasm {
namespace {

using wabt::cast;
using wabt::ExprType;
using wabt::Location;
using wabt::Opcode;
using wabt::Type;
using wabt::Var;

/// Only MVP features plus the cheap ones: bulk memory and reference types are off because a
/// single memory.fill / table.fill does unbounded work for one unit of fuel.
wabt::Features job_features() {
  wabt::Features f;
  f.disable_simd();
  f.disable_reference_types();
  f.disable_bulk_memory();
  f.disable_exceptions();
  f.disable_threads();
  f.disable_tail_call();
  return f;
}

std::string format_errors(const wabt::Errors& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (e.error_level != wabt::ErrorLevel::Error) continue;
    if (!out.empty()) out += "; ";
    out += e.message;
    if (e.loc.offset != wabt::kInvalidOffset)
      out += " (at byte " + std::to_string(e.loc.offset) + ")";
  }
  return out.empty() ? "malformed module" : out;
}

tl::unexpected<Error> invalid(std::string message) {
  return fail("module_invalid", std::move(message));
}

std::string type_text(const wabt::FuncSignature& sig) {
  auto list = [](const wabt::TypeVector& types) {
    std::string s = "(";
    for (size_t i = 0; i < types.size(); ++i) s += (i ? ", " : "") + types[i].GetName();
    return s + ")";
  };
  return list(sig.param_types) + " -> " + list(sig.result_types);
}

/// The ABI: each allowed import and its signature.
struct AbiImport {
  const char* name;
  wabt::TypeVector params;
  wabt::TypeVector results;
};
const std::vector<AbiImport>& abi_imports() {
  static const std::vector<AbiImport> imports = {
      {"input_len", {}, {Type::I32}},
      {"read_input", {Type::I32, Type::I32, Type::I32}, {Type::I32}},
      {"write_output", {Type::I32, Type::I32}, {}},
  };
  return imports;
}

Expected<bool> check_abi(const wabt::Module& m, const std::string& entrypoint,
                         const ModuleLimits& limits) {
  for (const wabt::Import* imp : m.imports) {
    const std::string where = imp->module_name + "." + imp->field_name;
    if (imp->kind() != wabt::ExternalKind::Func)
      return invalid("imports " + std::string(wabt::GetKindName(imp->kind())) + " " + where +
                     ": a job may import only the functions env.input_len, env.read_input "
                     "and env.write_output");
    const AbiImport* known = nullptr;
    if (imp->module_name == kImportModule)
      for (const auto& a : abi_imports())
        if (imp->field_name == a.name) known = &a;
    if (!known) return invalid("imports unknown host function " + where);
    const auto& sig = cast<wabt::FuncImport>(imp)->func.decl.sig;
    if (sig.param_types != known->params || sig.result_types != known->results) {
      wabt::FuncSignature want;
      want.param_types = known->params;
      want.result_types = known->results;
      return invalid("import " + where + " has type " + type_text(sig) + ", expected " +
                     type_text(want));
    }
  }
  if (!m.starts.empty())
    return invalid("has a start function; put initialisation in the entry point");
  if (m.funcs.size() > limits.max_functions)
    return invalid("has " + std::to_string(m.funcs.size()) + " functions, limit " +
                   std::to_string(limits.max_functions));
  if (m.globals.size() > limits.max_globals)
    return invalid("has " + std::to_string(m.globals.size()) + " globals, limit " +
                   std::to_string(limits.max_globals));
  if (m.memories.size() > 1) return invalid("has more than one memory");
  if (m.tables.size() > 1) return invalid("has more than one table");
  for (const wabt::Table* t : m.tables)
    if (t->elem_limits.initial > limits.max_table_elements)
      return invalid("has a table of " + std::to_string(t->elem_limits.initial) +
                     " elements, limit " + std::to_string(limits.max_table_elements));
  for (const wabt::Func* f : m.funcs)
    if (f->GetNumLocals() > limits.max_locals_per_function)
      return invalid("function " + f->name + " has " + std::to_string(f->GetNumLocals()) +
                     " locals, limit " + std::to_string(limits.max_locals_per_function));
  for (const wabt::Export* e : m.exports)
    if (e->name.rfind("icn_", 0) == 0)
      return invalid("exports " + e->name + ": names starting with icn_ are reserved");
  const wabt::Export* entry = m.GetExport(entrypoint);
  if (!entry || entry->kind != wabt::ExternalKind::Func)
    return invalid("entry point " + entrypoint + " is not an exported function");
  const wabt::Func* f = m.GetFunc(entry->var);
  if (!f || !f->decl.sig.param_types.empty() ||
      f->decl.sig.result_types != wabt::TypeVector{Type::I32})
    return invalid("entry point " + entrypoint + " has type " +
                   (f ? type_text(f->decl.sig) : std::string("?")) + ", expected () -> (i32)");
  return true;
}

// ---- the metering pass ----

template <class T, class... A>
std::unique_ptr<wabt::Expr> make(A&&... a) {
  return std::make_unique<T>(std::forward<A>(a)...);
}

Var index_var(wabt::Index i) {
  return Var(i, Location());
}

class Meterer {
 public:
  Meterer(wabt::Index fuel_global, wabt::Index grow_func)
      : fuel_(fuel_global), grow_func_(grow_func) {}

  /// Instruments one function body: a charge for its straight-line part at entry, and one at
  /// each loop header for the loop body. The counter lives in a local while the function
  /// runs (so compiled code keeps it in a register) and is synced with the global around
  /// calls (host functions charge the global) and on every way out of the function:
  ///   global.get F; local.set L; block (result ...) <charge; body> end; local.get L; global.set F
  /// with `return` preceded by the same write-back. Functions with several results keep the
  /// counter in the global (a multi-value block type would need a new type entry).
  void function(wabt::Func& f) {
    use_local_ = f.GetNumResults() <= 1;
    if (!use_local_) {
      const std::uint64_t k = region(f.exprs);
      charge(f.exprs, k);
      return;
    }
    local_ = f.GetNumParamsAndLocals();
    f.local_types.AppendDecl(Type::I64, 1);
    const std::uint64_t k = region(f.exprs);
    charge(f.exprs, k);
    auto body = std::make_unique<wabt::BlockExpr>();
    body->block.decl.sig.result_types = f.decl.sig.result_types;
    body->block.exprs.splice(body->block.exprs.begin(), f.exprs);
    f.exprs.push_back(make<wabt::GlobalGetExpr>(index_var(fuel_)));
    f.exprs.push_back(make<wabt::LocalSetExpr>(index_var(local_)));
    f.exprs.push_back(std::move(body));
    f.exprs.push_back(make<wabt::LocalGetExpr>(index_var(local_)));
    f.exprs.push_back(make<wabt::GlobalSetExpr>(index_var(fuel_)));
  }

 private:
  /// Counts the instructions of `exprs` (including nested blocks and both if arms, excluding
  /// the bodies of nested loops, which charge for themselves), instrumenting nested loops,
  /// syncing the counter around calls and before returns, and routing memory.grow through
  /// the helper that records failures.
  std::uint64_t region(wabt::ExprList& exprs) {
    std::uint64_t k = 0;
    for (auto it = exprs.begin(); it != exprs.end(); ++it) {
      ++k;
      switch (it->type()) {
        case ExprType::Block:
          k += region(cast<wabt::BlockExpr>(&*it)->block.exprs);
          break;
        case ExprType::If: {
          auto* e = cast<wabt::IfExpr>(&*it);
          k += region(e->true_.exprs);
          k += region(e->false_);
          break;
        }
        case ExprType::Loop: {
          auto& body = cast<wabt::LoopExpr>(&*it)->block.exprs;
          charge(body, region(body));
          break;
        }
        case ExprType::MemoryGrow:
          if (grow_func_ != wabt::kInvalidIndex) {
            it = exprs.erase(it);
            it = exprs.insert(it, make<wabt::CallExpr>(index_var(grow_func_)));
          }
          break;
        case ExprType::Call:
        case ExprType::CallIndirect:
          if (use_local_) {
            exprs.insert(it, make<wabt::LocalGetExpr>(index_var(local_)));
            exprs.insert(it, make<wabt::GlobalSetExpr>(index_var(fuel_)));
            auto next = std::next(it);
            exprs.insert(next, make<wabt::GlobalGetExpr>(index_var(fuel_)));
            it = exprs.insert(next, make<wabt::LocalSetExpr>(index_var(local_)));
          }
          break;
        case ExprType::Return:
          if (use_local_) {
            exprs.insert(it, make<wabt::LocalGetExpr>(index_var(local_)));
            exprs.insert(it, make<wabt::GlobalSetExpr>(index_var(fuel_)));
          }
          break;
        default:
          break;
      }
    }
    return k;
  }

  /// Prepends: if (fuel < k) { global fuel = sentinel; unreachable } fuel -= k.
  void charge(wabt::ExprList& exprs, std::uint64_t k) {
    if (k == 0) return;
    auto get = [&]() -> std::unique_ptr<wabt::Expr> {
      if (use_local_) return make<wabt::LocalGetExpr>(index_var(local_));
      return make<wabt::GlobalGetExpr>(index_var(fuel_));
    };
    wabt::ExprList code;
    code.push_back(get());
    code.push_back(make<wabt::ConstExpr>(wabt::Const::I64(k)));
    code.push_back(make<wabt::CompareExpr>(Opcode::I64LtU));
    auto out = std::make_unique<wabt::IfExpr>();
    out->true_.exprs.push_back(make<wabt::ConstExpr>(wabt::Const::I64(kOutOfFuelSentinel)));
    out->true_.exprs.push_back(make<wabt::GlobalSetExpr>(index_var(fuel_)));
    out->true_.exprs.push_back(make<wabt::UnreachableExpr>());
    code.push_back(std::move(out));
    code.push_back(get());
    code.push_back(make<wabt::ConstExpr>(wabt::Const::I64(k)));
    code.push_back(make<wabt::BinaryExpr>(Opcode::I64Sub));
    if (use_local_)
      code.push_back(make<wabt::LocalSetExpr>(index_var(local_)));
    else
      code.push_back(make<wabt::GlobalSetExpr>(index_var(fuel_)));
    exprs.splice(exprs.begin(), code);
  }

  wabt::Index fuel_;
  wabt::Index grow_func_;
  bool use_local_ = false;
  wabt::Index local_ = 0;
};

wabt::Index add_global(wabt::Module& m, Type type, const char* export_name) {
  const wabt::Index index = static_cast<wabt::Index>(m.globals.size());
  auto g = std::make_unique<wabt::GlobalModuleField>();
  g->global.type = type;
  g->global.mutable_ = true;
  g->global.init_expr.push_back(
      make<wabt::ConstExpr>(type == Type::I64 ? wabt::Const::I64(0) : wabt::Const::I32(0)));
  m.AppendField(std::move(g));
  auto e = std::make_unique<wabt::ExportModuleField>();
  e->export_.name = export_name;
  e->export_.kind = wabt::ExternalKind::Global;
  e->export_.var = index_var(index);
  m.AppendField(std::move(e));
  return index;
}

void add_export(wabt::Module& m, wabt::ExternalKind kind, wabt::Index index, const char* name) {
  auto e = std::make_unique<wabt::ExportModuleField>();
  e->export_.name = name;
  e->export_.kind = kind;
  e->export_.var = index_var(index);
  m.AppendField(std::move(e));
}

/// The type index of (i32) -> (i32), added when the module has none.
wabt::Index i32_to_i32_type(wabt::Module& m) {
  for (wabt::Index i = 0; i < m.types.size(); ++i) {
    auto* ft = wabt::dyn_cast<wabt::FuncType>(m.types[i]);
    if (ft && ft->sig.param_types == wabt::TypeVector{Type::I32} &&
        ft->sig.result_types == wabt::TypeVector{Type::I32})
      return i;
  }
  auto t = std::make_unique<wabt::TypeModuleField>();
  auto ft = std::make_unique<wabt::FuncType>();
  ft->sig.param_types = {Type::I32};
  ft->sig.result_types = {Type::I32};
  t->type = std::move(ft);
  m.AppendField(std::move(t));
  return static_cast<wabt::Index>(m.types.size() - 1);
}

/// Adds `(func (param $delta i32) (result i32) (local $old i32)
///   local.get 0 memory.grow local.tee 1 i32.const -1 i32.eq
///   if i32.const 1 global.set $grow_failed end local.get 1)`.
wabt::Index add_grow_helper(wabt::Module& m, wabt::Index grow_failed_global) {
  const wabt::Index type_index = i32_to_i32_type(m);
  const wabt::Index index = static_cast<wabt::Index>(m.funcs.size());
  auto f = std::make_unique<wabt::FuncModuleField>();
  wabt::Func& fn = f->func;
  fn.decl.has_func_type = true;
  fn.decl.type_var = index_var(type_index);
  fn.decl.sig.param_types = {Type::I32};
  fn.decl.sig.result_types = {Type::I32};
  fn.local_types.Set({Type::I32});
  fn.exprs.push_back(make<wabt::LocalGetExpr>(index_var(0)));
  fn.exprs.push_back(make<wabt::MemoryGrowExpr>(index_var(0)));
  fn.exprs.push_back(make<wabt::LocalTeeExpr>(index_var(1)));
  fn.exprs.push_back(make<wabt::ConstExpr>(wabt::Const::I32(0xffffffffu)));
  fn.exprs.push_back(make<wabt::CompareExpr>(Opcode::I32Eq));
  auto flag = std::make_unique<wabt::IfExpr>();
  flag->true_.exprs.push_back(make<wabt::ConstExpr>(wabt::Const::I32(1)));
  flag->true_.exprs.push_back(make<wabt::GlobalSetExpr>(index_var(grow_failed_global)));
  fn.exprs.push_back(std::move(flag));
  fn.exprs.push_back(make<wabt::LocalGetExpr>(index_var(1)));
  m.AppendField(std::move(f));
  return index;
}

std::string cache_key(const std::string& hash, const std::string& entrypoint) {
  return hash + "|" + entrypoint + "|" + std::to_string(kMeteringPassVersion);
}

}  // namespace

Expected<std::shared_ptr<const PreparedModule>> prepare_module_uncached(
    ByteView code, const std::string& entrypoint, const ModuleLimits& limits) {
  if (code.size == 0) return invalid("empty module (0 bytes)");
  if (code.size > limits.max_module_bytes)
    return invalid("module of " + std::to_string(code.size) + " bytes, limit " +
                   std::to_string(limits.max_module_bytes));
  const wabt::Features features = job_features();
  wabt::Module m;
  wabt::Errors errors;
  const wabt::ReadBinaryOptions read_options(features, nullptr, /*read_debug_names=*/false,
                                             /*stop_on_first_error=*/true,
                                             /*fail_on_custom_section_error=*/false);
  // wabt's IR reader trusts the block structure (an unbalanced `end` trips an assertion in
  // Debian's build: a crash found by tests/fuzz/fuzz_module_prep); the interpreter's reader
  // validates while it reads, so it goes first and refuses such modules with a message.
  wabt::interp::ModuleDesc checked;
  if (wabt::Failed(wabt::interp::ReadBinaryInterp("job.wasm", code.data, code.size, read_options,
                                                  &errors, &checked)))
    return invalid(format_errors(errors));
  if (wabt::Failed(wabt::ReadBinaryIr("job.wasm", code.data, code.size, read_options, &errors, &m)))
    return invalid(format_errors(errors));
  if (wabt::Failed(wabt::ValidateModule(&m, &errors, wabt::ValidateOptions(features))))
    return invalid(format_errors(errors));
  if (auto ok = check_abi(m, entrypoint, limits); !ok) return tl::unexpected(ok.error());

  auto prepared = std::make_shared<PreparedModule>();
  prepared->code_hash = content_id(code);
  prepared->entrypoint = entrypoint;
  prepared->has_imports = !m.imports.empty();
  prepared->has_memory = !m.memories.empty();
  if (prepared->has_memory) prepared->initial_pages = m.memories[0]->page_limits.initial;
  const wabt::Index entry_index = m.GetFuncIndex(m.GetExport(entrypoint)->var);
  const wabt::Index num_imported_funcs = m.num_func_imports;

  const wabt::Index fuel = add_global(m, Type::I64, kFuelExport);
  const wabt::Index grow_failed = add_global(m, Type::I32, kGrowFailedExport);
  wabt::Index grow_helper = wabt::kInvalidIndex;
  if (prepared->has_memory) {
    add_export(m, wabt::ExternalKind::Memory, 0, kMemoryExport);
    grow_helper = add_grow_helper(m, grow_failed);
  }
  add_export(m, wabt::ExternalKind::Func, entry_index, kEntryExport);
  Meterer meterer(fuel, grow_helper);
  for (wabt::Index i = num_imported_funcs; i < m.funcs.size(); ++i)
    if (i != grow_helper) meterer.function(*m.funcs[i]);

  errors.clear();
  if (wabt::Failed(wabt::ValidateModule(&m, &errors, wabt::ValidateOptions(features))))
    return fail("internal", "metering pass produced an invalid module: " + format_errors(errors));
  wabt::MemoryStream stream;
  const wabt::WriteBinaryOptions write_options(features, /*canonicalize_lebs=*/true,
                                               /*relocatable=*/false, /*write_debug_names=*/false);
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, &m, write_options)))
    return fail("internal", "could not write the metered module");
  prepared->metered = stream.output_buffer().data;
  prepared->metered_hash = content_id(prepared->metered);
  return std::shared_ptr<const PreparedModule>(std::move(prepared));
}

Expected<std::shared_ptr<const PreparedModule>> prepare_module(ByteView code,
                                                               const std::string& entrypoint,
                                                               const ModuleLimits& limits) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const PreparedModule>> cache;
  constexpr std::size_t kMaxEntries = 64;
  const std::string key = cache_key(content_id(code), entrypoint);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  auto prepared = prepare_module_uncached(code, entrypoint, limits);
  if (!prepared) return prepared;
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() >= kMaxEntries) cache.clear();
  cache.emplace(key, *prepared);
  return prepared;
}

}  // namespace icn::runtime::wasm
