/* The icnmesh WASM job ABI (module "env"), for jobs written in C. See docs/runtimes.md.
 * A job exports `int run(void)` and talks to the host only through these three imports,
 * so every run is a pure function of (code, input, fuel): no clock, no randomness, no files.
 * The same source also builds natively (native_main.c supplies the three functions). */
#ifndef ICN_JOB_H_
#define ICN_JOB_H_

typedef unsigned int u32;
typedef unsigned long long u64;
typedef int i32;

#ifdef __wasm__
#define ICN_IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define ICN_EXPORT(name) __attribute__((export_name(name)))
#else
#define ICN_IMPORT(name)
#define ICN_EXPORT(name)
#endif

/* Total input size in bytes. */
ICN_IMPORT("input_len") u32 input_len(void);
/* Copies up to `len` input bytes starting at `offset` to `dst`; returns the bytes copied
 * (0 at or past the end). */
ICN_IMPORT("read_input") u32 read_input(void* dst, u32 offset, u32 len);
/* Appends `len` bytes to the output. Past the job's output limit the run traps
 * ("output limit"). */
ICN_IMPORT("write_output") void write_output(const void* src, u32 len);

/* The entry point: returns the exit status (0 = success). */
ICN_EXPORT("run") int run(void);

#ifdef __wasm__
/* The compiler may emit calls to these even without libc (struct copies, zeroing loops). */
void* memset(void* dst, int c, unsigned long n) {
  unsigned char* d = (unsigned char*)dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}
void* memcpy(void* dst, const void* src, unsigned long n) {
  unsigned char* d = (unsigned char*)dst;
  const unsigned char* s = (const unsigned char*)src;
  while (n--) *d++ = *s++;
  return dst;
}
#endif

/* Freestanding helpers (no libc in wasm jobs). */
static inline void icn_write_str(const char* s) {
  u32 n = 0;
  while (s[n]) ++n;
  write_output(s, n);
}
static inline void icn_write_u64(u64 v) {
  char buf[24];
  int i = 23;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  icn_write_str(buf + i);
}

#endif
