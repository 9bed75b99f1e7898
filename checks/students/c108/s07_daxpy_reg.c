/* backward.c  (Tue lab)
 *
 * grads of  L = mean CE + reg*(|W1|^2 + |W2|^2)
 * regularisation added at the end with daxpy: dW += 2 reg W
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_vector_view
as_vector (gsl_matrix *m)       /* whole matrix as one vector */
{
  return gsl_vector_view_array (m->data, m->size1 * m->size2);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_vector_view w, dw;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (cache->prob, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  w = as_vector (net->W2);
  dw = as_vector (g->dW2);
  gsl_blas_daxpy (reg, &w.vector, &dw.vector);

  for (j = 0; j < C; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  w = as_vector (net->W1);
  dw = as_vector (g->dW1);
  gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);

  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
