/* Assignment 3: backward()
 * Nakamura Shota  (student ID 1029-32-4411)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dS: copy the softmax, divide by N, then take 1 off the right class */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / N);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      gsl_vector_set (&r.vector, y[i], gsl_vector_get (&r.vector, y[i]) - 1.0);
    }

  /* gW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* gb2: sum over the batch, column by column */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dH */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dA, in place after the copy */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (!(gsl_matrix_get (cache->z1, i, j) > 0.0))
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* gW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* gb1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
