/* backward.c
 *   Report 3 -- Kimura Yuto (2251035)
 *
 *   omomi_gosa1 = dW1, omomi_gosa2 = dW2 are views of g (see grads.h),
 *   so writing into them writes the answer.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *omomi_gosa1 = g->dW1;
  gsl_matrix *omomi_gosa2 = g->dW2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* [1] dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double t = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          t -= 1.0;
        gsl_matrix_set (g->dz2, i, k, t / (double) N);
      }

  /* [2] dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double t = 0.0;
        for (i = 0; i < N; i++)
          t += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (omomi_gosa2, j, k,
                        t + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* [3] db2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_vector_set (g->db2, k,
                      gsl_vector_get (g->db2, k) + gsl_matrix_get (g->dz2, i, k));

  /* [4] dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* [5] dz1 = dp1 * relu'(z1) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double t = 0.0;
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          t = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, t);
      }

  /* [6] dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (omomi_gosa1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 2.0 * reg, omomi_gosa1);

  /* [7] db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_vector_set (g->db1, j,
                      gsl_vector_get (g->db1, j) + gsl_matrix_get (g->dz1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
