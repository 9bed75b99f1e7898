/* backward.c
 *
 * Two-layer net, backward.  (Jonas Berger, Uebung 4)
 *
 * I wrote this "per hidden unit": after dz2, for each hidden unit j I
 * walk over the samples and do everything that belongs to unit j
 * (its column of dp1 and dz1, its column of dW1, its b1 entry, its
 * row of dW2).  b2 is done with daxpy over the rows of dz2.
 *
 * relu'(z) = 1 for z > 0.  p1 > 0 exactly when z1 > 0 so I use p1.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;
  const double scale = 1.0 / (double) N;

  /* dz2 = (prob - Y) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (y[i] == k)
          v = v - 1.0;
        gsl_matrix_set (g->dz2, i, k, scale * v);
      }

  /* db2: sum of the rows of dz2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_blas_daxpy (1.0, &r.vector, g->db2);
    }

  for (j = 0; j < H; j++)
    {
      double bsum = 0.0;

      /* row j of dW2: sum_i p1[i][j] dz2[i][k], plus reg*(w+w) */
      for (k = 0; k < C; k++)
        {
          double s = 0.0;
          double w = gsl_matrix_get (net->W2, j, k);
          for (i = 0; i < N; i++)
            s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
          gsl_matrix_set (g->dW2, j, k, s + reg * (w + w));
        }

      /* column j of dp1 and dz1 */
      for (i = 0; i < N; i++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, s);
          gsl_matrix_set (g->dz1, i, j,
                          gsl_matrix_get (cache->p1, i, j) > 0.0 ? s : 0.0);
          bsum += gsl_matrix_get (g->dz1, i, j);
        }
      gsl_vector_set (g->db1, j, bsum);

      /* column j of dW1 */
      for (d = 0; d < D; d++)
        {
          double s = 0.0;
          double w = gsl_matrix_get (net->W1, d, j);
          for (i = 0; i < N; i++)
            s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
          gsl_matrix_set (g->dW1, d, j, s + reg * (w + w));
        }
    }

  /* TODO: use dgemm for dW1 / dW2 like the tutor said, the loops are slow */

  g->present = BP_GRADS_ALL;
  return 0;
}
