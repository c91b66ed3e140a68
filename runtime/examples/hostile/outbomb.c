/* Hostile job: writes output forever; must stop with "output limit". */
#include "../icn_job.h"

int run(void) {
  static char block[4096];
  for (;;) write_output(block, sizeof block);
}
