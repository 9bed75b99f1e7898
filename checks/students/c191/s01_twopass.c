/* backward.c -- hand-written backward pass of the two-layer net.
 *
 * Two passes over the samples: the first does everything that hangs off
 * dz2 (dz2 itself, dW2, db2, dp1), the second everything that hangs off
 * dz1 (dz1, dW1, db1).  The parameter gradients are summed in local
 * arrays and only written into g at the end, with the reg term. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double sum_W2[H][C], sum_b2[C];
  double sum_W1[D][H], sum_b1[H];

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      sum_W2[j][k] = 0.0;
  for (k = 0; k < C; k++)
    sum_b2[k] = 0.0;
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      sum_W1[d][j] = 0.0;
  for (j = 0; j < H; j++)
    sum_b1[j] = 0.0;

  /* pass 1: output layer */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          double t = gsl_matrix_get (cache->prob, i, k);
          if (k == y[i])
            t -= 1.0;
          t /= (double) N;
          gsl_matrix_set (g->dz2, i, k, t);
          sum_b2[k] += t;
          for (j = 0; j < H; j++)
            sum_W2[j][k] += gsl_matrix_get (cache->p1, i, j) * t;
        }
      /* dp1 row i = dz2 row i times W2 transposed */
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, s);
        }
    }

  /* pass 2: hidden layer, through the relu */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          double t = 0.0;
          if (gsl_matrix_get (cache->z1, i, j) > 0.0)
            t = gsl_matrix_get (g->dp1, i, j);
          gsl_matrix_set (g->dz1, i, j, t);
          sum_b1[j] += t;
          for (d = 0; d < D; d++)
            sum_W1[d][j] += gsl_matrix_get (X, i, d) * t;
        }
    }

  /* write out, adding d/dW of reg*|W|^2 = 2*reg*W */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k,
                      sum_W2[j][k] + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, sum_b2[k]);
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, d, j,
                      sum_W1[d][j] + 2.0 * reg * gsl_matrix_get (net->W1, d, j));
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, sum_b1[j]);

  g->present = BP_GRADS_ALL;
  return 0;
}
