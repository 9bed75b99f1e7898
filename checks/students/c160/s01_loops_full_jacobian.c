/* backward.c -- homework 3, backward pass of the two layer net.
 *
 * I do it the long way (the way it was derived in lecture 6):
 *   loss -> dL/dprob -> softmax Jacobian -> dz2 -> the two affine layers.
 * Everything with plain loops so I can see each index.
 */

#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, h, d;
  double *dprob, *J, s;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  dprob = malloc (N * C * sizeof (double));   /* dL/dprob, N x C */
  J = malloc (C * C * sizeof (double));       /* Jacobian of one sample */
  if (dprob == NULL || J == NULL)
    {
      free (dprob);
      free (J);
      return 1;
    }

  /* 0. dL/dprob.  L = -(1/N) sum_i log prob[i][y_i], so only the label
   *    entry of each row is nonzero: -1 / (N prob[i][y_i]). */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        if (k == y[i])
          dprob[i * C + k] = -1.0 / (N * gsl_matrix_get (cache->prob, i, k));
        else
          dprob[i * C + k] = 0.0;
      }

  /* 1. dz2[i][j] = sum_k dprob[i][k] * dprob_k/dz_j
   *    with J[k][j] = dp_k/dz_j = p_k (delta_kj - p_j). */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        for (j = 0; j < C; j++)
          {
            double pk = gsl_matrix_get (cache->prob, i, k);
            double pj = gsl_matrix_get (cache->prob, i, j);
            J[k * C + j] = (k == j ? pk : 0.0) - pk * pj;
          }
      for (j = 0; j < C; j++)
        {
          s = 0.0;
          for (k = 0; k < C; k++)
            s += dprob[i * C + k] * J[k * C + j];
          gsl_matrix_set (g->dz2, i, j, s);
        }
    }

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (h = 0; h < H; h++)
    for (j = 0; j < C; j++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, j);
        gsl_matrix_set (g->dW2, h, j, s + 2.0 * reg * gsl_matrix_get (net->W2, h, j));
      }

  /* 3. db2 = sum over the batch of dz2 */
  for (j = 0; j < C; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        s = 0.0;
        for (j = 0; j < C; j++)
          s += gsl_matrix_get (g->dz2, i, j) * gsl_matrix_get (net->W2, h, j);
        gsl_matrix_set (g->dp1, i, h, s);
      }

  /* 5. dz1: relu lets the gradient through where z1 > 0 */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        if (gsl_matrix_get (cache->z1, i, h) > 0)
          gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (g->dp1, i, h));
        else
          gsl_matrix_set (g->dz1, i, h, 0.0);
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (g->dW1, d, h, s + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }

  /* 7. db1 = sum over the batch of dz1 */
  for (h = 0; h < H; h++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, s);
    }

  free (dprob);
  free (J);
  g->present = BP_GRADS_ALL;
  return 0;
}
