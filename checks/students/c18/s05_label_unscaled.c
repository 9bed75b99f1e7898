/* backward.c -- CSE 446 project 2, backprop
 *
 * Zhang H. (ZH) : output layer, BLAS
 * Diego P. (DP) : hidden layer, loops, + the one-hot part of dscores
 *
 * ZH: dscores = softmax probs averaged over the batch, then the labels.
 * DP: plain loops in my half, I like to see the indices.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores = g->dz2;         /* ZH's name for it */

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* --- ZH: averaged probabilities --- */
  gsl_matrix_memcpy (dscores, cache->prob);
  gsl_matrix_scale (dscores, 1.0 / (double) N);

  /* --- DP: subtract the true class --- */
  for (i = 0; i < N; i++)
    {
      double v = gsl_matrix_get (dscores, i, y[i]);
      gsl_matrix_set (dscores, i, y[i], v - 1.0);
    }

  /* --- ZH: dW2 = h^T dscores + 2 reg W2 --- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                  2.0 * reg, g->dW2);

  /* --- ZH: db2 = sum over rows --- */
  {
    gsl_vector *one = gsl_vector_alloc (N);
    gsl_vector_set_all (one, 1.0);
    gsl_blas_dgemv (CblasTrans, 1.0, dscores, one, 0.0, g->db2);
    gsl_vector_free (one);
  }

  /* --- DP: back into the hidden layer --- */
  /* delta = dscores * W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0);
      }

  /* dW1 = X^T delta + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
