/* Backprop, one sample at a time (outer products). */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, H = net->H;
  size_t n, c, h;

  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);

  for (n = 0; n < N; n++)
    {
      gsl_vector_view dz2 = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1 = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz1 = gsl_matrix_row (g->dz1, n);
      gsl_vector_const_view a1 = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view xn = gsl_matrix_const_row (X, n);

      for (c = 0; c < C; c++)
        gsl_vector_set (&dz2.vector, c,
                        (gsl_matrix_get (cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) / N);

      gsl_blas_dger (1.0, &a1.vector, &dz2.vector, g->dW2);
      gsl_vector_add (g->db2, &dz2.vector);

      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &dp1.vector);

      for (h = 0; h < H; h++)
        gsl_vector_set (&dz1.vector, h,
                        gsl_matrix_get (cache->z1, n, h) > 0
                        ? gsl_vector_get (&dp1.vector, h) : 0.0);

      gsl_blas_dger (1.0, &xn.vector, &dz1.vector, g->dW1);
      gsl_vector_add (g->db1, &dz1.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
