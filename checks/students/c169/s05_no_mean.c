/* backward.c  (Ivan + Jo)
 * A: following the handout order 1..7
 */
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
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

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dscores: probs with 1 taken off at the correct class */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double ds = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          ds -= 1.0;
        // B: don't we need the 1/N from the mean here??
        // A: no, it's in the loss already
        gsl_matrix_set (g->dz2, i, k, ds);
      }

  /* 2. dW2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc);
      }

  /* 3. db2 */
  for (k = 0; k < C; k++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* 4. dhidden */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* 5. through the relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* 6. dW1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, acc);
      }

  /* 7. db1 */
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
