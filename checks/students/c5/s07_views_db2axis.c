/* backward with GSL views and vector operations */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double
vsum (const gsl_vector *v)
{
  double s = 0;
  for (size_t k = 0; k < v->size; k++)
    s += gsl_vector_get (v, k);
  return s;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  /* dz2: copy probs, take one off the correct class, average */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz2, n);
      gsl_vector_set (&row.vector, y[n], gsl_vector_get (&row.vector, y[n]) - 1);
      gsl_vector_scale (&row.vector, 1.0 / N);
    }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, cache->p1, g->dz2, 2 * reg, g->dW2);

  /* db2: sum over the samples */
  for (size_t c = 0; c < net->C; c++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, c);
      gsl_vector_set (g->db2, c, vsum (&r.vector));
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, g->dz2, net->W2, 0, g->dp1);

  /* dz1 = dp1 .* (z1 > 0) */
  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_const_view dp = gsl_matrix_const_row (g->dp1, n);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, n);
      for (size_t h = 0; h < net->H; h++)
        gsl_vector_set (&dz.vector, h, gsl_vector_get (&z.vector, h) > 0
                                       ? gsl_vector_get (&dp.vector, h) : 0);
    }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, X, g->dz1, 2 * reg, g->dW1);

  for (size_t h = 0; h < net->H; h++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, h);
      gsl_vector_set (g->db1, h, vsum (&col.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
