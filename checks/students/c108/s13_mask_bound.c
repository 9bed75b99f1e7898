/* backward.c -- HW3
 * N samples, D in, H hidden, C classes.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  gsl_vector *one_n;
  gsl_vector_view wv, dwv;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  one_n = gsl_vector_alloc (N);
  gsl_vector_set_all (one_n, 1.0);

  /* (1) dz2 = (P - Y)/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* (2) dW2 = p1^T dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  wv = gsl_vector_view_array (net->W2->data, H * C);
  dwv = gsl_vector_view_array (g->dW2->data, H * C);
  gsl_blas_daxpy (2.0 * reg, &wv.vector, &dwv.vector);

  /* (3) db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one_n, 0.0, g->db2);

  /* (4) dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* (5) dz1 = dp1 * 1[z1 > 0] */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* (6) dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  wv = gsl_vector_view_array (net->W1->data, D * H);
  dwv = gsl_vector_view_array (g->dW1->data, D * H);
  gsl_blas_daxpy (2.0 * reg, &wv.vector, &dwv.vector);

  /* (7) db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one_n, 0.0, g->db1);

  gsl_vector_free (one_n);
  g->present = BP_GRADS_ALL;
  return 0;
}
