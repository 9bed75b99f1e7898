/* two-layer net backward -- HW3 -- Chen Wei
   TODO: clean up, a lot of this is copy-paste from the lecture notes */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  double invN = 1.0 / N;

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view pr = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view dr = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&dr.vector, &pr.vector);
      gsl_vector_set (&dr.vector, y[i], gsl_vector_get (&dr.vector, y[i]) - 1.0);
      gsl_vector_scale (&dr.vector, invN);
    }

  /* W2 grad, reg part goes in through beta */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  for (j = 0; j < net->C; j++)
    {
      gsl_vector_view c = gsl_matrix_column (g->dz2, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&c.vector));
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* same for W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  for (j = 0; j < net->H; j++)
    {
      gsl_vector_view c = gsl_matrix_column (g->dz1, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&c.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
