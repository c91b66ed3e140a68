#include "runtime/wasm/aot_harness.hpp"

namespace icn::runtime::wasm {

// Why our own wasm-rt and not libwasm-rt-impl: that one keeps its trap jmp_buf in a process
// global and installs its own process-wide SIGSEGV handler. Here every shared object has its
// own state (hidden symbols; the engine serialises runs per object) and the call depth is
// counted, so stack exhaustion is a clean, engine-independent trap. Memory accesses are either
// caught by guard pages (ICN_GUARD_PAGES=1: an 8 GiB PROT_NONE reservation, faults turned into
// traps by the engine's chained SIGSEGV handler; fast) or bounds-checked in code
// (ICN_GUARD_PAGES=0: no signal handling at all; used under AddressSanitizer).
const char* aot_harness_source() {
  return R"HARNESS(
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "module.h"

#define ICN_TRAP_HOST 100
#define ICN_TRAP_NO_MEMORY 101
#define ICN_API __attribute__((visibility("default")))

struct icn_aot_ctx {
  uint64_t fuel;
  uint32_t cap_pages;
  int32_t return_value;
  uint32_t trap;
  uint32_t grow_failed;
  uint32_t memory_pages;
  uint32_t reserved;
  void* host;
  uint32_t (*input_len)(void* host);
  uint32_t (*read_input)(void* host, uint8_t* mem, uint64_t mem_size, uint64_t* fuel,
                         uint32_t dst, uint32_t offset, uint32_t len, int* fault);
  int (*write_output)(void* host, uint8_t* mem, uint64_t mem_size, uint64_t* fuel,
                      uint32_t src, uint32_t len);
  void* mem_base;
  uint64_t mem_reserved;
  void (*trap_fn)(int code);
};

static sigjmp_buf g_jmp;
static struct icn_aot_ctx* g_ctx;
static Z_job_instance_t g_inst;
uint32_t wasm_rt_call_stack_depth;

void wasm_rt_trap(wasm_rt_trap_t code) { siglongjmp(g_jmp, (int)code); }
static void icn_trap(int code) { siglongjmp(g_jmp, code); }
void wasm_rt_init(void) {}
bool wasm_rt_is_initialized(void) { return true; }
void wasm_rt_free(void) {}
const char* wasm_rt_strerror(wasm_rt_trap_t trap) { (void)trap; return "trap"; }

/* call_indirect compares these indices, so equal signatures must get equal indices. */
#define ICN_MAX_TYPES 4096
#define ICN_MAX_TYPE_ARITY 64
static struct { uint32_t np, nr; wasm_rt_type_t t[ICN_MAX_TYPE_ARITY]; } g_types[ICN_MAX_TYPES];
static uint32_t g_type_count;
uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  wasm_rt_type_t t[ICN_MAX_TYPE_ARITY];
  uint32_t n = params + results;
  if (n > ICN_MAX_TYPE_ARITY) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  va_list ap;
  va_start(ap, results);
  for (uint32_t i = 0; i < n; ++i) t[i] = (wasm_rt_type_t)va_arg(ap, int);
  va_end(ap);
  for (uint32_t i = 0; i < g_type_count; ++i)
    if (g_types[i].np == params && g_types[i].nr == results &&
        memcmp(g_types[i].t, t, n * sizeof t[0]) == 0)
      return i + 1;
  if (g_type_count == ICN_MAX_TYPES) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  g_types[g_type_count].np = params;
  g_types[g_type_count].nr = results;
  memcpy(g_types[g_type_count].t, t, n * sizeof t[0]);
  return ++g_type_count;
}

/* Exceptions are disabled at load; these only satisfy the linker. */
uint32_t wasm_rt_register_tag(uint32_t size) { (void)size; return 0; }
void wasm_rt_load_exception(uint32_t tag, uint32_t size, const void* values) {
  (void)tag; (void)size; (void)values;
}
void wasm_rt_throw(void) { wasm_rt_trap(WASM_RT_TRAP_UNCAUGHT_EXCEPTION); }
WASM_RT_UNWIND_TARGET* wasm_rt_get_unwind_target(void) { return &g_jmp; }
void wasm_rt_set_unwind_target(WASM_RT_UNWIND_TARGET* target) { (void)target; }
uint32_t wasm_rt_exception_tag(void) { return 0; }
uint32_t wasm_rt_exception_size(void) { return 0; }
void* wasm_rt_exception(void) { return NULL; }

/* Linear memory: one reservation; pages are committed lazily by the kernel. With guard pages
 * the reservation covers every address a wasm32 access can form (8 GiB) and only the first
 * `size` bytes are accessible; otherwise it is the cap, all accessible, and code checks bounds. */
static size_t g_reserved;
void wasm_rt_allocate_memory(wasm_rt_memory_t* mem, uint32_t initial, uint32_t max) {
  if (max > g_ctx->cap_pages) max = g_ctx->cap_pages;
  if (initial > max) wasm_rt_trap((wasm_rt_trap_t)ICN_TRAP_NO_MEMORY);
#if ICN_GUARD_PAGES
  g_reserved = (size_t)8 << 30;
  void* p = mmap(NULL, g_reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p != MAP_FAILED && initial &&
      mprotect(p, (size_t)initial * 65536u, PROT_READ | PROT_WRITE) != 0) {
    munmap(p, g_reserved);
    p = MAP_FAILED;
  }
#else
  g_reserved = (size_t)(max ? max : 1) * 65536u;
  void* p = mmap(NULL, g_reserved, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
#endif
  if (p == MAP_FAILED) {
    g_reserved = 0;
    wasm_rt_trap((wasm_rt_trap_t)ICN_TRAP_NO_MEMORY);
  }
  g_ctx->mem_base = p;
  g_ctx->mem_reserved = g_reserved;
  mem->data = (uint8_t*)p;
  mem->pages = initial;
  mem->max_pages = max;
  mem->size = initial * 65536u;
}
uint32_t wasm_rt_grow_memory(wasm_rt_memory_t* mem, uint32_t delta) {
  uint32_t old = mem->pages;
  uint64_t want = (uint64_t)old + delta;
  if (want > mem->max_pages) return (uint32_t)-1;
#if ICN_GUARD_PAGES
  if (delta && mprotect(mem->data + (size_t)old * 65536u, (size_t)delta * 65536u,
                        PROT_READ | PROT_WRITE) != 0)
    return (uint32_t)-1;
#endif
  mem->pages = (uint32_t)want;
  mem->size = (uint32_t)want * 65536u;
  return old;
}
void wasm_rt_free_memory(wasm_rt_memory_t* mem) {
  if (mem->data && g_reserved) munmap(mem->data, g_reserved);
  mem->data = NULL;
  g_reserved = 0;
  g_ctx->mem_base = NULL;
  g_ctx->mem_reserved = 0;
}

#define ICN_TABLE_OPS(type)                                                              \
  void wasm_rt_allocate_##type##_table(wasm_rt_##type##_table_t* t, uint32_t n,          \
                                       uint32_t max) {                                   \
    t->size = n;                                                                         \
    t->max_size = max;                                                                   \
    t->data = calloc(n ? n : 1, sizeof(wasm_rt_##type##_t));                             \
    if (!t->data) wasm_rt_trap((wasm_rt_trap_t)ICN_TRAP_NO_MEMORY);                      \
  }                                                                                      \
  void wasm_rt_free_##type##_table(wasm_rt_##type##_table_t* t) {                        \
    free(t->data);                                                                       \
    t->data = NULL;                                                                      \
  }                                                                                      \
  uint32_t wasm_rt_grow_##type##_table(wasm_rt_##type##_table_t* t, uint32_t delta,      \
                                       wasm_rt_##type##_t init) {                        \
    (void)t; (void)delta; (void)init;                                                    \
    return (uint32_t)-1;                                                                 \
  }
ICN_TABLE_OPS(funcref)
ICN_TABLE_OPS(externref)

/* The host ABI, forwarded to the engine (the same C++ code the interpreter uses). A host
 * call takes a frame in the interpreter, so it is checked against the depth limit here too. */
#define ICN_HOST_FRAME()                                                 \
  if (wasm_rt_call_stack_depth + 1 > WASM_RT_MAX_CALL_STACK_DEPTH)        \
    wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION)
struct Z_env_instance_t { int unused; };
static struct Z_env_instance_t g_env;

static void icn_guest_memory(uint8_t** data, uint64_t* size) {
#if ICN_HAS_MEMORY
  wasm_rt_memory_t* m = Z_jobZ_icn_memory(&g_inst);
  *data = m->data;
  *size = m->size;
#else
  *data = NULL;
  *size = 0;
#endif
}

u32 Z_envZ_input_len(struct Z_env_instance_t* env) {
  (void)env;
  ICN_HOST_FRAME();
  return g_ctx->input_len(g_ctx->host);
}
u32 Z_envZ_read_input(struct Z_env_instance_t* env, u32 dst, u32 offset, u32 len) {
  (void)env;
  ICN_HOST_FRAME();
  uint8_t* data;
  uint64_t size;
  int fault = 0;
  icn_guest_memory(&data, &size);
  u32 n = g_ctx->read_input(g_ctx->host, data, size, Z_jobZ_icn_fuel(&g_inst), dst, offset, len,
                            &fault);
  if (fault) wasm_rt_trap((wasm_rt_trap_t)ICN_TRAP_HOST);
  return n;
}
void Z_envZ_write_output(struct Z_env_instance_t* env, u32 src, u32 len) {
  (void)env;
  ICN_HOST_FRAME();
  uint8_t* data;
  uint64_t size;
  icn_guest_memory(&data, &size);
  if (g_ctx->write_output(g_ctx->host, data, size, Z_jobZ_icn_fuel(&g_inst), src, len))
    wasm_rt_trap((wasm_rt_trap_t)ICN_TRAP_HOST);
}

ICN_API int icn_aot_run(struct icn_aot_ctx* ctx) {
  static volatile int instantiated;
  g_ctx = ctx;
  memset(&g_inst, 0, sizeof g_inst);
  wasm_rt_call_stack_depth = 0;
  g_reserved = 0;
  instantiated = 0;
  ctx->trap_fn = icn_trap;
  int code = sigsetjmp(g_jmp, 1);
  if (code == 0) {
    Z_job_init_module();
#if ICN_HAS_ENV
    Z_job_instantiate(&g_inst, &g_env);
#else
    Z_job_instantiate(&g_inst);
#endif
    instantiated = 1;
    *Z_jobZ_icn_fuel(&g_inst) = ctx->fuel;
    ctx->return_value = (int32_t)Z_jobZ_icn_entry(&g_inst);
    ctx->trap = 0;
  } else {
    ctx->trap = (uint32_t)code;
  }
  if (instantiated) {
    ctx->fuel = *Z_jobZ_icn_fuel(&g_inst);
    ctx->grow_failed = *Z_jobZ_icn_grow_failed(&g_inst);
#if ICN_HAS_MEMORY
    ctx->memory_pages = Z_jobZ_icn_memory(&g_inst)->pages;
#endif
  }
  Z_job_free(&g_inst);
  return 0;
}
)HARNESS";
}

}  // namespace icn::runtime::wasm
