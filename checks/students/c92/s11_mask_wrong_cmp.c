/* Lab 6, backward pass.  Row pointers into ->data (stride = tda). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - onehot) / N */
  for (n = 0; n < N; n++)
    {
      const double *pr = ROW (cache->prob, n);
      double *out = ROW (g->dz2, n);
      for (c = 0; c < C; c++)
        out[c] = pr[c] / N;
      out[y[n]] -= 1.0 / N;
    }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  for (c = 0; c < C; c++)
    g->db2->data[c * g->db2->stride] = 0.0;
  for (n = 0; n < N; n++)
    {
      const double *d = ROW (g->dz2, n);
      for (c = 0; c < C; c++)
        g->db2->data[c * g->db2->stride] += d[c];
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 * relu'(z1)   (relu' is 1 or 0) */
  for (n = 0; n < N; n++)
    {
      const double *z = ROW (cache->z1, n);
      const double *dp = ROW (g->dp1, n);
      double *dz = ROW (g->dz1, n);
      for (h = 0; h < H; h++)
        dz[h] = dp[h] * (z[h] < 0.0);
    }

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (h = 0; h < H; h++)
    g->db1->data[h * g->db1->stride] = 0.0;
  for (n = 0; n < N; n++)
    {
      const double *d = ROW (g->dz1, n);
      for (h = 0; h < H; h++)
        g->db1->data[h * g->db1->stride] += d[h];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
