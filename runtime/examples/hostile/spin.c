/* Hostile job: loops forever; must stop with "out of fuel". */
#include "../icn_job.h"

int run(void) {
  volatile u32 counter = 0;
  for (;;) counter = counter + 1;
}
