/*
 * backward.c  --  Assignment 3, backward pass of the 2-layer net.
 *
 * I derive every gradient below before coding it, because last time I
 * just copied formulas and got the transposes wrong.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /*
   * (1) L_i = -z2[i][y_i] + log sum_k exp z2[i][k], and L = (1/N) sum_i L_i.
   *     dL_i/dz2[i][k] = -[k == y_i] + exp z2[i][k] / sum exp = prob[i][k] - [k == y_i]
   *     and only L_i depends on row i, so dL/dz2[i][k] = (prob[i][k] - [k == y_i]) / N.
   */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k, (gsl_matrix_get (cache->prob, i, k)
                                     - (k == y[i] ? 1.0 : 0.0)) / N);

  /*
   * (2) z2[i][k] = sum_j p1[i][j] W2[j][k] + b2[k].
   *     dz2[i][k]/dW2[j][k] = p1[i][j], summed over every sample i:
   *        dW2[j][k] = sum_i p1[i][j] dz2[i][k]   (that is p1^T dz2)
   *     plus the reg term: d/dW (reg W^2) = 2 reg W  (no 1/2 in our loss!)
   */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /*
   * (3) dz2[i][k]/db2[k] = 1 for every i, so db2[k] = sum_i dz2[i][k].
   */
  for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /*
   * (4) p1[i][j] feeds every z2[i][k] with weight W2[j][k]:
   *        dp1[i][j] = sum_k dz2[i][k] W2[j][k]   (dz2 W2^T)
   *     (W2 itself, not dW2.)
   */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /*
   * (5) p1 = max(0, z1): dp1/dz1 = 1 if z1 > 0 else 0 (at 0 take 0).
   *     The switch is the INPUT z1, not the sign of the gradient.
   */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /*
   * (6) same as (2) one layer down: dW1[d][j] = sum_i X[i][d] dz1[i][j] + 2 reg W1[d][j]
   *     (X^T dz1, shape D x H).
   */
  for (i = 0; i < D; i++)        /* i is the input index d here */
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (k = 0; k < N; k++)  /* and k the sample */
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /*
   * (7) same as (3): db1[j] = sum_i dz1[i][j].
   */
  for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
