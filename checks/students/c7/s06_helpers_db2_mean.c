#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A' B + lambda W */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
             double lambda, gsl_matrix *out)
{
  gsl_matrix_memcpy (out, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, lambda, out);
}

static void
bias_grad (const gsl_matrix *dZ, gsl_vector *out)
{
  size_t n = dZ->size1;
  for (size_t j = 0; j < dZ->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dZ, j);
      double s = 0.0;
      for (size_t i = 0; i < n; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (out, j, s / n);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  weight_grad (cache->p1, g->dz2, net->W2, 2.0 * reg, g->dW2);
  bias_grad (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  weight_grad (X, g->dz1, net->W1, 2.0 * reg, g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
