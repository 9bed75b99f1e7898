/* backward.c -- backward pass of the two-layer net.
 *
 * The cache's probabilities are used for dz2, but the hidden layer is
 * recomputed here by recompute_hidden() (the cache could have been
 * changed by whoever called forward last). */

#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* z1 = X W1 + b1 and p1 = max (0, z1), both N x H */
static void
recompute_hidden (const bp_net *net, const gsl_matrix *X,
                  gsl_matrix *z1, gsl_matrix *p1)
{
  size_t i, j, k;

  for (i = 0; i < X->size1; i++)
    for (j = 0; j < net->H; j++)
      {
        double acc = 0.0;

        for (k = 0; k < net->D; k++)
          acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (z1, i, j, acc);
        gsl_matrix_set (p1, i, j, acc > 0.0 ? acc : 0.0);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *z1 = gsl_matrix_alloc (N, H);
  gsl_matrix *p1 = gsl_matrix_alloc (N, H);
  size_t i, j, k;

  if (z1 == NULL || p1 == NULL)
    {
      gsl_matrix_free (z1);
      gsl_matrix_free (p1);
      return 1;
    }
  recompute_hidden (net, X, z1, p1);

  /* 1. dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double d = gsl_matrix_get (cache->prob, i, k);

        if (k == y[i])
          d -= 1.0;
        gsl_matrix_set (g->dz2, i, k, d / N);
      }

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double acc = 0.0;

        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        acc + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 */
  for (k = 0; k < C; k++)
    {
      double acc = 0.0;

      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* 4. dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;

        for (k = 0; k < C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* 5. dz1 = dp1 * [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (z1, i, j) > 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;

        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j,
                        acc + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      double acc = 0.0;

      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  gsl_matrix_free (z1);
  gsl_matrix_free (p1);
  g->present = BP_GRADS_ALL;
  return 0;
}
