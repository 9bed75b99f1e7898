/* 2-layer net backward.  Written with views so nothing is copied twice. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_matrix *dscores = g->dz2, *dhid = g->dz1;
  gsl_matrix_const_view P = gsl_matrix_const_submatrix (cache->p1, 0, 0, N, net->H);

  gsl_vector_set_all (ones, 1.0);

  /* dscores = (probs - onehot) / N */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view row = gsl_matrix_row (dscores, i);
      gsl_vector_set (&row.vector, y[i], gsl_vector_get (&row.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (dscores, 1.0 / N);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &P.matrix, dscores, 2 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0 / N, dscores, ones, 0.0, g->db2);

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (dhid, g->dp1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (dhid, i);
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, i);
      size_t j;
      for (j = 0; j < r.vector.size; j++)
        if (gsl_vector_get (&z.vector, j) <= 0)
          gsl_vector_set (&r.vector, j, 0.0);
    }

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dhid, 2 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, dhid, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
