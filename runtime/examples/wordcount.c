/* Job "wordcount": counts lines, words (runs of non-whitespace) and bytes of the input;
 * output = "<lines> <words> <bytes>\n" in decimal, like `wc`. */
#include "icn_job.h"

static unsigned char chunk[16384];

int run(void) {
  u32 total = input_len(), off = 0;
  u64 lines = 0, words = 0;
  int in_word = 0;
  while (off < total) {
    u32 got = read_input(chunk, off, sizeof chunk);
    if (got == 0) break;
    for (u32 i = 0; i < got; ++i) {
      unsigned char c = chunk[i];
      int space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
      if (c == '\n') ++lines;
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    off += got;
  }
  icn_write_u64(lines);
  icn_write_str(" ");
  icn_write_u64(words);
  icn_write_str(" ");
  icn_write_u64(total);
  icn_write_str("\n");
  return 0;
}
