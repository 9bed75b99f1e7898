/* backward.c -- two layer net, gradient of the softmax loss
 * uses BLAS for the big products (link with gsl, gslcblas) */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  const double scale = 1.0 / (double) N;
  size_t n, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dL/dscores = (softmax - y_onehot) / N */
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_view d = gsl_matrix_row (g->dz2, n);
      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[n], gsl_vector_get (&d.vector, y[n]) - 1.0);
      gsl_vector_scale (&d.vector, scale);
    }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2: sum over the batch */
  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, n);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, n, j, gsl_matrix_get (cache->z1, n, j) > 0.0
                      ? gsl_matrix_get (g->dp1, n, j) : 0.0);

  /* dW1 = X^T dz1 / N + 2 reg W1   (average over the batch) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, scale, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, n);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
