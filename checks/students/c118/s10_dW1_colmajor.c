/* NumAn lab -- backprop through the two-layer net
   dW1 is the big one (D x H), so it is assembled column by column:
   column h of dW1 is X^T times column h of dz1, plus the penalty.  */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, h, d;
  gsl_vector *col;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 = (P - Y)/N */
  for (j = 0; j < C; j++)
    for (i = 0; i < N; i++)
      {
        double t = gsl_matrix_get (cache->prob, i, j);
        if (y[i] == j)
          t = t - 1.0;
        gsl_matrix_set (g->dz2, i, j, t / N);
      }

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (j = 0; j < C; j++)
    {
      gsl_vector_view v = gsl_matrix_column (g->dz2, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&v.vector));
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1, one column at a time */
  col = gsl_vector_alloc (D);
  for (h = 0; h < H; h++)
    {
      gsl_vector_view dzc = gsl_matrix_column (g->dz1, h);
      gsl_blas_dgemv (CblasTrans, 1.0, X, &dzc.vector, 0.0, col);
      for (d = 0; d < D; d++)
        g->dW1->data[h * D + d] = gsl_vector_get (col, d)
          + 2.0 * reg * gsl_matrix_get (net->W1, d, h);
    }
  gsl_vector_free (col);

  for (h = 0; h < H; h++)
    {
      gsl_vector_view v = gsl_matrix_column (g->dz1, h);
      gsl_vector_set (g->db1, h, gsl_vector_sum (&v.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
