/* Hostile job: grows linear memory until memory.grow fails (it sees -1 at the cap), then
 * touches the next page like a program that ignores a failed allocation; must stop with
 * "memory cap". */
#include "../icn_job.h"

int run(void) {
  for (;;) {
    int old_pages = __builtin_wasm_memory_grow(0, 16);
    if (old_pages < 0) break;
  }
  volatile char* beyond = (volatile char*)(__builtin_wasm_memory_size(0) * 65536u);
  *beyond = 1;
  return 0;
}
