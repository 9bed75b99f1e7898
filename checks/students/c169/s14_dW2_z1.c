/* backward.c for the two-layer net
 * pair: Alma (A), Bruno (B)
 * dscores -> dW2, db2 -> dhidden -> relu -> dW1, db1
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (y[i] == k)
          v = v - 1;
        gsl_matrix_set (dscores, i, k, v / (double) N);
      }

  /* dW2 = hidden^T dscores + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->z1, i, j) * gsl_matrix_get (dscores, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dscores, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* dhidden = dscores W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (dscores, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (dhidden, i, j, s);
      }

  /* relu: mask on the pre-activation */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (dhidden, i, j) : 0);

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }

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
