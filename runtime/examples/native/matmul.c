/* The matmul example job, linked natively under a prefixed name (native_jobs.h). */
#define input_len icn_native_input_len
#define read_input icn_native_read_input
#define write_output icn_native_write_output
#define run icn_native_matmul_run
#include "../matmul.c"
