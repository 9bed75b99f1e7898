/* backward.c -- backprop of the 2-layer relu net, per-sample form
 *
 *   for n in batch:
 *       g2  = (softmax_n - e_y) / N            -> row n of dz2
 *       dW2 += p1_n  g2^T ,   db2 += g2
 *       g1  = W2 g2                            -> row n of dp1
 *       g0  = g1 . [z1_n > 0]                  -> row n of dz1
 *       dW1 += x_n  g0^T ,    db1 += g0
 *   dW += 2 reg W
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define ROW(M, n)   gsl_matrix_row ((M), (n)).vector
#define CROW(M, n)  gsl_matrix_const_row ((M), (n)).vector

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t n, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      gsl_vector g2 = ROW (g->dz2, n);
      gsl_vector g1 = ROW (g->dp1, n);
      gsl_vector g0 = ROW (g->dz1, n);
      gsl_vector p1n = CROW (cache->p1, n);
      gsl_vector xn = CROW (X, n);
      gsl_vector sm = CROW (cache->prob, n);

      gsl_vector_memcpy (&g2, &sm);
      gsl_vector_set (&g2, y[n], gsl_vector_get (&g2, y[n]) - 1.0);
      gsl_vector_scale (&g2, 1.0 / (double) N);

      gsl_blas_dger (1.0, &p1n, &g2, g->dW2);
      gsl_vector_add (g->db2, &g2);

      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &g2, 0.0, &g1);

      for (j = 0; j < net->H; j++)
        gsl_vector_set (&g0, j, gsl_matrix_get (cache->z1, n, j) > 0
                                ? gsl_vector_get (&g1, j) : 0.0);

      gsl_blas_dger (1.0, &xn, &g1, g->dW1);
      gsl_vector_add (g->db1, &g0);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
