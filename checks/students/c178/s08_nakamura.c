/* backward.c -- Report 3
 * Nakamura Riko  2251055
 *
 * I follow the lecture slides: output layer first, then the hidden layer.
 * The ReLU is done in place on the hidden gradient, then copied to dz1.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ===== output layer ===== */

  /* dL/dz2 = (softmax - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) / N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i],
                    gsl_matrix_get (g->dz2, i, y[i]) - 1.0 / N);

  /* dL/dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        s += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  /* dL/db2 */
  for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* ===== hidden layer ===== */

  /* dL/dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dL/dz1: ReLU passes the gradient only where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dp1, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* dL/dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        s += 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  /* dL/db1 */
  for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
