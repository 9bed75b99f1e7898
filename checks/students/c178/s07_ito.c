/* backward.c
 * Report 3 (Machine Learning II) -- Ito Kaito, 2251008
 *
 * Backward pass of the two-layer net.  Loops everywhere except the two
 * weight products, which use gsl_blas_dgemm.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j, k;
  double wa;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* (1) dz2 (N, C) */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (y[i] == k)
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, k, v / (double) N);
      }

  /* (2) dW2 (H, C) = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* (3) db2 (C): add dz2 over all samples */
  for (k = 0; k < C; k++)
    {
      wa = 0.0;
      for (i = 1; i < N; i++)
        wa += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, wa);
    }

  /* (4) dp1 (N, H) = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        wa = 0.0;
        for (k = 0; k < C; k++)
          wa += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, wa);
      }

  /* (5) dz1 (N, H) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* (6) dW1 (D, H) = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* (7) db1 (H) */
  for (j = 0; j < H; j++)
    {
      wa = 0.0;
      for (i = 0; i < N; i++)
        wa += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, wa);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
