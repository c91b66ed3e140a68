/* The CPU-bound example jobs compiled natively into the library icnmesh_native_jobs, so
 * bench/runtime_bench can compare wasm engines with native code in one process, on the same
 * C source. Not thread-safe: one job at a time. */
#ifndef ICN_NATIVE_JOBS_H_
#define ICN_NATIVE_JOBS_H_

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*icn_native_output_fn)(void* ctx, const void* data, unsigned len);

/* Sets the input and the output sink the next run uses. */
void icn_native_set_io(const unsigned char* input, unsigned input_len, icn_native_output_fn out,
                       void* ctx);
int icn_native_sha256_run(void);
int icn_native_matmul_run(void);

#ifdef __cplusplus
}
#endif

#endif
