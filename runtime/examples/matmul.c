/* Job "matmul": integer matrix multiply. Input: text "N [ROUNDS]" (1 <= N <= 256, default
 * 1 round). A and B are N x N int32 matrices filled by a fixed LCG; each round computes
 * C = A * B (wrapping 32-bit arithmetic) and feeds C back as A. Output: "N ROUNDS CHECKSUM\n"
 * where CHECKSUM is the wrapping u32 sum of i * C[i] over the final C.
 * Exit 2 on malformed input. CPU-bound reference job (bench/runtime_bench). */
#include "icn_job.h"

#define MAX_N 256
static int A[MAX_N * MAX_N], B[MAX_N * MAX_N], C[MAX_N * MAX_N];

static int parse_u32(const char* s, u32 len, u32* pos, u32* out) {
  while (*pos < len && (s[*pos] == ' ' || s[*pos] == '\n' || s[*pos] == '\t')) ++*pos;
  if (*pos >= len || s[*pos] < '0' || s[*pos] > '9') return 0;
  u64 v = 0;
  while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9') {
    v = v * 10 + (u32)(s[*pos] - '0');
    if (v > 1000000) return 0;
    ++*pos;
  }
  *out = (u32)v;
  return 1;
}

int run(void) {
  char text[64];
  u32 len = read_input(text, 0, sizeof text);
  u32 pos = 0, n = 0, rounds = 1;
  if (!parse_u32(text, len, &pos, &n) || n == 0 || n > MAX_N) return 2;
  if (!parse_u32(text, len, &pos, &rounds)) rounds = 1;
  u32 seed = 12345;
  for (u32 i = 0; i < n * n; ++i) {
    seed = seed * 1103515245u + 12345u;
    A[i] = (int)(seed >> 16) % 100 - 50;
    seed = seed * 1103515245u + 12345u;
    B[i] = (int)(seed >> 16) % 100 - 50;
  }
  for (u32 r = 0; r < rounds; ++r) {
    for (u32 i = 0; i < n; ++i) {
      for (u32 j = 0; j < n; ++j) C[i * n + j] = 0;
      for (u32 k = 0; k < n; ++k) {
        u32 a = (u32)A[i * n + k];
        for (u32 j = 0; j < n; ++j) C[i * n + j] = (int)((u32)C[i * n + j] + a * (u32)B[k * n + j]);
      }
    }
    for (u32 i = 0; i < n * n; ++i) A[i] = C[i];
  }
  u32 sum = 0;
  for (u32 i = 0; i < n * n; ++i) sum += i * (u32)C[i];
  icn_write_u64(n);
  icn_write_str(" ");
  icn_write_u64(rounds);
  icn_write_str(" ");
  icn_write_u64(sum);
  icn_write_str("\n");
  return 0;
}
