/* backward.c -- Homework 4 */
/* pass 1: per sample, e = prob - onehot; dz2 = e/N; db2, dW2, dp1 summed
 * pass 2: per sample, dz1 = dp1 where z1 > 0; db1, dW1 summed            */

#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, j, k;
  double invN;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  invN = 1.0 / N;

  double sb2[C], sb1[H];
  for (k = 0; k < C; k++) sb2[k] = 0.0;
  for (j = 0; j < H; j++) sb1[j] = 0.0;

  /* dW2 and dW1 are accumulated straight into g, starting from 2 reg W */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_matrix_set_zero (g->dp1);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view hrow = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_view drow = gsl_matrix_row (g->dz2, n);
      for (k = 0; k < C; k++)
        {
          double e = gsl_matrix_get (cache->prob, n, k) - (k == y[n] ? 1 : 0);
          gsl_vector_set (&drow.vector, k, e * invN);
          sb2[k] += e * invN;
          for (j = 0; j < H; j++)
            *gsl_matrix_ptr (g->dp1, n, j) += e * gsl_matrix_get (net->W2, j, k);
        }
      gsl_blas_dger (1.0, &hrow.vector, &drow.vector, g->dW2);
    }

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view xrow = gsl_matrix_const_row (X, n);
      gsl_vector_view drow = gsl_matrix_row (g->dz1, n);
      for (j = 0; j < H; j++)
        {
          double v = gsl_matrix_get (cache->z1, n, j) > 0 ? gsl_matrix_get (g->dp1, n, j) : 0;
          gsl_vector_set (&drow.vector, j, v);
          sb1[j] += v;
        }
      gsl_blas_dger (1.0, &xrow.vector, &drow.vector, g->dW1);
    }

  for (k = 0; k < C; k++) gsl_vector_set (g->db2, k, sb2[k]);
  for (j = 0; j < H; j++) gsl_vector_set (g->db1, j, sb1[j]);
  g->present = BP_GRADS_ALL;
  return 0;
}
