/* backward.c - two layer net, BLAS where possible.
 *
 * In python I did dhidden[hidden <= 0] = 0 in place, so the same here:
 * zero the dead units in dp1 and then dz1 is just a copy of it.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
sum_rows (const gsl_matrix *A, gsl_vector *out)  /* np.sum(A, axis=0) */
{
  size_t i;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_blas_daxpy (1.0, &r.vector, out);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* second layer */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  sum_rows (g->dz2, g->db2);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dp1, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* first layer */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
