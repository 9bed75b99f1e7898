/* backward.c -- two-layer net, backward.
 * Data term first with dgemm, then the L2 term added from a scratch copy
 * of the weights (the scratch is reused, W1 and W2 never change). */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *pen1, *pen2;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  pen1 = gsl_matrix_alloc (D, H);
  pen2 = gsl_matrix_alloc (H, C);

  /* penalty gradients, 2 * reg * W */
  gsl_matrix_memcpy (pen1, net->W1);
  gsl_matrix_scale (pen1, 2.0 * reg);
  gsl_matrix_memcpy (pen2, net->W2);
  gsl_matrix_scale (pen2, 2.0 * reg);

  /* softmax + cross-entropy */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* layer 2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, pen2);
  for (j = 0; j < C; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* back through W2 and the relu */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* layer 1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_sub (g->dW1, pen1);
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (pen1);
  gsl_matrix_free (pen2);
  g->present = BP_GRADS_ALL;
  return 0;
}
