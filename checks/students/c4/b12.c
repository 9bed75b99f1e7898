/* backward with BLAS; regularisation added at the end for every parameter */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
sum_rows (const gsl_matrix *A, gsl_vector *s)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double t = 0;
      for (i = 0; i < A->size1; i++)
        t += gsl_matrix_get (A, i, j);
      gsl_vector_set (s, j, t);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  sum_rows (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  sum_rows (g->dz1, g->db1);

  /* L2: d/dW reg*|W|^2 = 2 reg W */
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2 * reg * gsl_matrix_get (net->W1, i, j);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += 2 * reg * gsl_matrix_get (net->W2, i, j);
  for (j = 0; j < net->C; j++)
    *gsl_vector_ptr (g->db2, j) += 2 * reg * gsl_vector_get (net->b2, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
