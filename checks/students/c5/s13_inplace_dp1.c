/* Backward pass.  To save memory the ReLU step works in place on the
 * hidden-layer gradient, which is then copied to dz1. */
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

  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, i, c, (gsl_matrix_get (cache->prob, i, c)
                                     - (c == y[i] ? 1.0 : 0.0)) / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  for (size_t c = 0; c < C; c++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, c);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, c, s);
    }

  /* hidden gradient, then the ReLU in place */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      if (gsl_matrix_get (cache->z1, i, h) <= 0)
        gsl_matrix_set (g->dp1, i, h, 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  for (size_t h = 0; h < H; h++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, h);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
