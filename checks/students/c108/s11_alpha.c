/* backward.c -- backprop for the 2 layer net
 *
 * I keep dscores = probs - Y without the 1/N and put the 1/N into the
 * alpha of each BLAS call instead (saves a pass over the matrix).
 * g->dz2 gets the scaled copy because gradcheck wants the real dz2.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double invN;
  gsl_matrix *dscores;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  dscores = gsl_matrix_alloc (N, C);
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* dscores = probs - Y   (no 1/N yet!) */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_scale (g->dz2, invN);

  /* dW2 = 1/N p1' dscores + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, invN, cache->p1, dscores,
                  2.0 * reg, g->dW2);

  /* db2 = 1/N dscores' 1 */
  gsl_blas_dgemv (CblasTrans, invN, dscores, ones, 0.0, g->db2);

  /* dp1 = dscores W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                  g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X' dz1 + 2 reg W1  (dz1 already has the 1/N in it) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (dscores);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
