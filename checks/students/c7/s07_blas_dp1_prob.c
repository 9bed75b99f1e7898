#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double invN = 1.0 / (double) N;

  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < net->C; c++)
      {
        double t = (c == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, c, (gsl_matrix_get (cache->prob, i, c) - t) * invN);
      }

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2, 0.0, g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      if (!(gsl_matrix_get (cache->z1, i, h) > 0.0))
        gsl_matrix_set (g->dz1, i, h, 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
