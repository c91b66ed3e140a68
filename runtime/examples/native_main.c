/* Native host for an icnmesh job: input from stdin, output to stdout, exit status from run().
 * Links with the same job source as the wasm build (used by bench/runtime_bench). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icn_job.h"

static unsigned char* g_input;
static u32 g_input_len;

u32 input_len(void) { return g_input_len; }

u32 read_input(void* dst, u32 offset, u32 len) {
  if (offset >= g_input_len) return 0;
  if (len > g_input_len - offset) len = g_input_len - offset;
  memcpy(dst, g_input + offset, len);
  return len;
}

void write_output(const void* src, u32 len) { fwrite(src, 1, len, stdout); }

int main(void) {
  size_t cap = 1 << 16, n = 0, got;
  g_input = malloc(cap);
  while (g_input && (got = fread(g_input + n, 1, cap - n, stdin)) > 0) {
    n += got;
    if (n == cap) g_input = realloc(g_input, cap *= 2);
  }
  if (!g_input) return 70;
  g_input_len = (u32)n;
  int status = run();
  fflush(stdout);
  free(g_input);
  return status;
}
