/* backward.c -- Lucas Ferreira
 * HW3 two layer net backprop
 * TODO: clean up before final submission
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  double inv_N = 1 / N;   /* loss is averaged over the batch */

  /* 1. dz2 = (prob - onehot) / N */
  for (size_t i = 0; i < N; i++) {
    for (size_t c = 0; c < C; c++) {
      double d = gsl_matrix_get (cache->prob, i, c);
      if (c == y[i])
        d -= 1.0;
      gsl_matrix_set (g->dz2, i, c, d * inv_N);
    }
  }

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2 */
  for (size_t c = 0; c < C; c++) {
    double s = 0.0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get (g->dz2, i, c);
    gsl_vector_set (g->db2, c, s);
  }

  /* 4. dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, i, h,
                      gsl_matrix_get (cache->z1, i, h) > 0
                      ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  /* 6. dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* 7. db1 */
  for (size_t h = 0; h < H; h++) {
    double s = 0.0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get (g->dz1, i, h);
    gsl_vector_set (g->db1, h, s);
  }

  /* printf ("dz2[0][0] = %g\n", gsl_matrix_get (g->dz2, 0, 0)); */
  g->present = BP_GRADS_ALL;
  return 0;
}
