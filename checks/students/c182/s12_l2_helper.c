/* backward.c  --  my backward pass
 *
 * Small helpers for the things done twice (the L2 term, column sums,
 * the transposed product).  The helpers get the raw data and walk it
 * flat, gradcheck's matrices have no padding.
 */

#include <string.h>
#include "backprop.h"

/* dw += d/dW of reg * |W|^2, n = number of entries */
static void add_reg(double *dw, const double *w, size_t n, double reg)
{
  while (n--)
    *dw++ += reg * *w++;
}

/* out (m) = sum of the n rows of a (n x m) */
static void sum_rows(const double *a, size_t n, size_t m, double *out)
{
  size_t i, j;
  memset(out, 0, m * sizeof(double));
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      out[j] += *a++;
}

/* out (k x m) = a^T b,  a (n x k), b (n x m) */
static void mul_at_b(const double *a, const double *b, size_t n, size_t k,
                     size_t m, double *out)
{
  size_t i, r, j;
  memset(out, 0, k * m * sizeof(double));
  for (i = 0; i < n; i++) {
    const double *brow = b + i * m;
    double *o = out;
    for (r = 0; r < k; r++, a++)
      for (j = 0; j < m; j++)
        *o++ += *a * brow[j];
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, c;
  double *o;
  const double *p, *w, *z;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  o = g->dz2->data;
  p = cache->prob->data;
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      *o++ = (*p++ - (c == y[i])) / N;

  /* layer 2 */
  mul_at_b(cache->p1->data, g->dz2->data, N, H, C, g->dW2->data);
  add_reg(g->dW2->data, net->W2->data, H * C, reg);
  sum_rows(g->dz2->data, N, C, g->db2->data);

  /* dp1 = dz2 W2^T */
  o = g->dp1->data;
  for (i = 0; i < N; i++) {
    w = net->W2->data;
    for (j = 0; j < H; j++) {
      double acc = 0.0;
      p = g->dz2->data + i * C;
      for (c = 0; c < C; c++)
        acc += *p++ * *w++;
      *o++ = acc;
    }
  }

  /* dz1 */
  o = g->dz1->data;
  p = g->dp1->data;
  z = cache->z1->data;
  for (i = 0; i < N * H; i++, p++, z++)
    *o++ = *z > 0 ? *p : 0;

  /* layer 1 */
  mul_at_b(X->data, g->dz1->data, N, D, H, g->dW1->data);
  add_reg(g->dW1->data, net->W1->data, D * H, reg);
  sum_rows(g->dz1->data, N, H, g->db1->data);

  g->present = BP_GRADS_ALL;
  return 0;
}
