/* Hostile job: reads far outside linear memory; must trap "out of bounds". */
#include "../icn_job.h"

int run(void) {
  volatile u32* p = (volatile u32*)0xfffffff0u;
  return (int)*p;
}
