/* backward.c -- retake.  I compute things twice where I was not sure, and
 * compare them in my head.  Sorry for the length. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = A^T dZ + 2 reg W */
static void
param_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
            double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_matrix_scale (dW, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 1.0, dW);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double invN;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, invN);

  param_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);

  /* db2: the bias adds to every score, so its gradient is the average of
   * the score gradient over the batch.  Straight from the probabilities
   * (dz2 is just prob/N shifted, the shift should not matter for the bias?) */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (cache->prob, i, j);
      gsl_vector_set (g->db2, j, s * invN);
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: mask */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double m = gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, m * gsl_matrix_get (g->dp1, i, j));
      }

  param_grad (X, g->dz1, net->W1, reg, g->dW1);

  /* db1: here I use dz1 directly (for db2 above I did it from prob, both
   * should be the same thing) */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
