/* Faulting job: executes `unreachable` (what abort() compiles to); must report a trap,
 * not "out of fuel". */
#include "../icn_job.h"

int run(void) {
  if (input_len() < 1000000) __builtin_trap();
  return 0;
}
