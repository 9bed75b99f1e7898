/* backward.c -- two-layer net, backward pass.
 * Author: M. Okafor (numerical methods track)
 *
 * I do not trust cache->prob blindly, so the softmax is recomputed from the
 * scores with the usual shift by the row maximum (exp overflow otherwise).
 * Everything is plain loops; the 1/N is applied once, at the very end of
 * the dz2 block, which keeps the sums exact-ish while accumulating. */

#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* --- dz2: softmax(z2) - onehot, recomputed stably --- */
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (cache->z2, i, 0), s = 0.0;
      for (j = 1; j < C; j++)
        if (gsl_matrix_get (cache->z2, i, j) > m)
          m = gsl_matrix_get (cache->z2, i, j);
      for (j = 0; j < C; j++)
        {
          double e = exp (gsl_matrix_get (cache->z2, i, j) - m);
          gsl_matrix_set (g->dz2, i, j, e);
          s += e;
        }
      for (j = 0; j < C; j++)
        {
          double p = gsl_matrix_get (g->dz2, i, j) / s;
          if (j == y[i])
            p -= 1.0;
          gsl_matrix_set (g->dz2, i, j, p);
        }
    }
  /* now the mean over the batch */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (g->dz2, i, j) / (double) N);

  /* --- second layer: dW2, db2 --- */
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W2, k, j);
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, k) * gsl_matrix_get (g->dz2, i, j);
        gsl_matrix_set (g->dW2, k, j, acc);
      }
  for (j = 0; j < C; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, acc);
    }

  /* --- back into the hidden layer --- */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      {
        double acc = 0.0;
        for (j = 0; j < C; j++)
          acc += gsl_matrix_get (g->dz2, i, j) * gsl_matrix_get (net->W2, k, j);
        gsl_matrix_set (g->dp1, i, k, acc);
        /* relu' is the Heaviside step of the pre-activation */
        gsl_matrix_set (g->dz1, i, k,
                        gsl_matrix_get (cache->z1, i, k) > 0.0 ? acc : 0.0);
      }

  /* --- first layer --- */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, acc + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }
  for (j = 0; j < H; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
