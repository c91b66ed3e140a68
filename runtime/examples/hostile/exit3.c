/* Job that finishes normally with a non-zero status (3) after writing some output. */
#include "../icn_job.h"

int run(void) {
  icn_write_str("failing on purpose\n");
  return 3;
}
