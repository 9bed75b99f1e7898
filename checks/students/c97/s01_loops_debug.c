/* backward.c -- homework 3, backward pass of the two layer net
 * all plain loops (get/set), compile with -DDEBUG to see the norms */

#include <stdio.h>
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#ifdef DEBUG
static void
dump_norm (const char *name, const gsl_matrix *A)
{
  size_t i, j;
  double acc = 0.0;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      acc += gsl_matrix_get (A, i, j) * gsl_matrix_get (A, i, j);
  fprintf (stderr, "%s (%zux%zu) |.| = %g\n", name, A->size1, A->size2, sqrt (acc));
}
#endif

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double tmp, acc;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        tmp = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          tmp -= 1.0;
        gsl_matrix_set (g->dz2, i, j, tmp / N);
      }
#ifdef DEBUG
  dump_norm ("dz2", g->dz2);
#endif

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        acc += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, acc);
      }
  // printf("dW2[0][0] = %f\n", gsl_matrix_get(g->dW2, 0, 0));

  /* 3. db2 = sum of dz2 over the batch */
  for (k = 0; k < C; k++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        acc = 0.0;
        for (k = 0; k < C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
      }
#ifdef DEBUG
  dump_norm ("dp1", g->dp1);
#endif

  /* 5. dz1: relu lets the gradient through only where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        tmp = gsl_matrix_get (cache->z1, i, j) > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0;
        gsl_matrix_set (g->dz1, i, j, tmp);
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, acc + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }
  // printf("dW1[0][0] = %f\n", gsl_matrix_get(g->dW1, 0, 0));

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }
#ifdef DEBUG
  dump_norm ("dW1", g->dW1);
  fprintf (stderr, "db1[0] = %g\n", gsl_vector_get (g->db1, 0));
#endif

  g->present = BP_GRADS_ALL;
  return 0;
}
