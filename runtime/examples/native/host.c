/* The job ABI for the natively linked example jobs (native_jobs.h). */
#include <string.h>

#include "native_jobs.h"

static const unsigned char* g_input;
static unsigned g_input_len;
static icn_native_output_fn g_out;
static void* g_ctx;

void icn_native_set_io(const unsigned char* input, unsigned input_len, icn_native_output_fn out,
                       void* ctx) {
  g_input = input;
  g_input_len = input_len;
  g_out = out;
  g_ctx = ctx;
}

unsigned icn_native_input_len(void) { return g_input_len; }

unsigned icn_native_read_input(void* dst, unsigned offset, unsigned len) {
  if (offset >= g_input_len) return 0;
  if (len > g_input_len - offset) len = g_input_len - offset;
  memcpy(dst, g_input + offset, len);
  return len;
}

void icn_native_write_output(const void* src, unsigned len) {
  if (g_out) g_out(g_ctx, src, len);
}
