/* Hwang Jaemin
 * HW2 backward pass.  dtheta has the same layout as theta (W1, b1, W2, b2),
 * so the L2 term is added to all parameters at once at the end. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sum over samples */
static void
bias_sum (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;

  for (j = 0; j < dZ->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dZ->size1; i++)
        s += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j)
                                     - (j == y[i])) / N);

  /* dW2, db2 (data part only) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  bias_sum (g->dz2, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1, db1 (data part only) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  bias_sum (g->dz1, g->db1);

  /* regularization: dtheta += 2 reg theta */
  gsl_blas_daxpy (2.0 * reg, net->theta, g->dtheta);

  g->present = BP_GRADS_ALL;
  return 0;
}
