/* backward.c -- hand derivation of the backward pass, coded as derived.
 *
 * Notation: i runs over samples (N), d over inputs (D), h over hidden
 * units (H), k over classes (C); delta(a,b) is the Kronecker delta and
 * [.] the indicator.  Summation is always written out.
 *
 *   z1[i][h] = sum_d X[i][d] W1[d][h] + b1[h]
 *   p1[i][h] = max(0, z1[i][h])
 *   z2[i][k] = sum_h p1[i][h] W2[h][k] + b2[k]
 *   P[i][k]  = exp(z2[i][k]) / sum_m exp(z2[i][m])
 *   L = -(1/N) sum_i log P[i][y_i] + reg sum_{d,h} W1[d][h]^2
 *                                  + reg sum_{h,k} W2[h][k]^2
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, d, h, k;
  double s;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. dP[i][y_i]/dz2[i][k] = P[i][y_i] (delta(k,y_i) - P[i][k]), so
   *    dL/dz2[i][k] = -(1/N) (1/P[i][y_i]) P[i][y_i] (delta(k,y_i) - P[i][k])
   *                 = (1/N) (P[i][k] - delta(k,y_i)) */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        s = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          s -= 1.0;
        gsl_matrix_set (g->dz2, i, k, s / N);
      }

  /* 2. dW2[h][k] = sum_i p1[i][h] dz2[i][k] + 2 reg W2[h][k] */
  for (h = 0; h < H; h++)
    for (k = 0; k < C; k++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, h, k,
                        s + 2.0 * reg * gsl_matrix_get (net->W2, h, k));
      }

  /* 3. db2[k] = sum_i dz2[i][k]   (dz2[i][k]/db2[k] = 1 for every i) */
  for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* 4. dp1[i][h] = sum_k dz2[i][k] W2[h][k] */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, h, k);
        gsl_matrix_set (g->dp1, i, h, s);
      }

  /* 5. dz1[i][h] = dp1[i][h] [z1[i][h] > 0] */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, i, h,
                      gsl_matrix_get (cache->z1, i, h) > 0.0
                      ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  /* 6. dW1[d][h] = sum_i X[i][d] dz1[i][h] + 2 reg W1[d][h] */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (g->dW1, d, h,
                        s + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }

  /* 7. db1[h] = sum_i dz1[i][h] */
  for (h = 0; h < H; h++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
