/* backward.c  (Report 3, Machine Learning II)
 * Suzuki Ren, 2251044
 *
 * I read the matrices through ->data with the row stride tda, as in the
 * GSL manual ("m->data[i * m->tda + j]"), with two macros so that the
 * loops stay short.  The ReLU mask uses p1 > 0, which is the same as
 * z1 > 0 because p1 = max(0, z1).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define EL(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define VEL(v, i)    ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const gsl_matrix *omomi1 = net->W1, *omomi2 = net->W2;
  const gsl_matrix *kakure = cache->p1;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* gosa of the scores: dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      EL (g->dz2, i, k) = (EL (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0))
                          / (double) N;

  /* dW2 (H, C) and db2 (C) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2.0 * reg * EL (omomi2, j, k);
        for (i = 0; i < N; i++)
          s += EL (kakure, i, j) * EL (g->dz2, i, k);
        EL (g->dW2, j, k) = s;
      }
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += EL (g->dz2, i, k);
      VEL (g->db2, k) = s;
    }

  /* gosa of the hidden layer: dp1 = dz2 W2' (N, H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, omomi2, 0.0, g->dp1);

  /* through the ReLU */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      EL (g->dz1, i, j) = EL (kakure, i, j) > 0.0 ? EL (g->dp1, i, j) : 0.0;

  /* dW1 (D, H) */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2.0 * reg * EL (omomi1, k, j);
        for (i = 0; i < N; i++)
          s += EL (X, i, k) * EL (g->dz1, i, j);
        EL (g->dW1, k, j) = s;
      }

  /* db1 (H) */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += EL (g->dz1, i, j);
      VEL (g->db1, j) = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
