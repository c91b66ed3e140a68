/* Job "logreg": one full-batch gradient-descent step of logistic regression (used by
 * federated learning: each participant trains on its own batch, the mesh aggregates).
 *
 * Byte format, all little-endian (docs/runtimes.md, "Example jobs"):
 *   model  = u32 dim, f32 w[dim], f32 bias
 *   batch  = u32 count, f32 learning_rate, count x (f32 x[dim], f32 label in {0,1})
 *   input  = model || batch
 *   output = the updated model (same layout as `model`, so it can start the next input)
 * p = sigmoid(w.x + bias); w -= lr * mean((p - y) * x); bias -= lr * mean(p - y).
 * Arithmetic is IEEE double with a self-contained exp(), so every engine and the native
 * build produce the same bits. Exit 2: malformed input; exit 3: dim > 4096 or count == 0. */
#include "icn_job.h"

#define MAX_DIM 4096
static double w[MAX_DIM + 1], grad[MAX_DIM + 1];
static float row[MAX_DIM + 1];

/* exp(x) for |x| <= 40 by range reduction x = k ln2 + r and a degree-12 Taylor polynomial. */
static double exp_det(double x) {
  if (x > 40) x = 40;
  if (x < -40) x = -40;
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  double kd = x * 1.44269504088896338700 + (x >= 0 ? 0.5 : -0.5);
  int k = (int)kd;
  double r = (x - k * ln2_hi) - k * ln2_lo;
  double term = 1, sum = 1;
  for (int i = 1; i <= 12; ++i) {
    term = term * r / i;
    sum += term;
  }
  union {
    u64 bits;
    double d;
  } scale;
  scale.bits = (u64)(k + 1023) << 52;
  return sum * scale.d;
}

static double sigmoid(double z) { return 1.0 / (1.0 + exp_det(-z)); }

int run(void) {
  u32 total = input_len(), off = 0, dim = 0, count = 0;
  float lr = 0, f = 0;
  if (read_input(&dim, off, 4) != 4) return 2;
  off += 4;
  if (dim > MAX_DIM) return 3;
  for (u32 i = 0; i <= dim; ++i, off += 4) {
    if (read_input(&f, off, 4) != 4) return 2;
    w[i] = f;
    grad[i] = 0;
  }
  if (read_input(&count, off, 4) != 4 || read_input(&lr, off + 4, 4) != 4) return 2;
  off += 8;
  if (count == 0) return 3;
  u32 row_bytes = (dim + 1) * 4;
  if ((u64)count * row_bytes != (u64)(total - off)) return 2;
  for (u32 s = 0; s < count; ++s, off += row_bytes) {
    read_input(row, off, row_bytes);
    double z = w[dim];
    for (u32 i = 0; i < dim; ++i) z += w[i] * row[i];
    double g = sigmoid(z) - row[dim];
    for (u32 i = 0; i < dim; ++i) grad[i] += g * row[i];
    grad[dim] += g;
  }
  write_output(&dim, 4);
  for (u32 i = 0; i <= dim; ++i) {
    f = (float)(w[i] - lr * grad[i] / count);
    write_output(&f, 4);
  }
  return 0;
}
