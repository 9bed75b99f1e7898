/* backward.c -- hand-written backward pass, two layer net
 * Lab 4.  Plain loops everywhere so I can see what happens.
 * After each gradient I check the shape before going on. */

#include <stdio.h>
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

  /* 1. dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, k, v / (double) N);
      }
  if (g->dz2->size1 != N || g->dz2->size2 != C)
    return 1;

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        s += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }
  if (g->dW2->size1 != H || g->dW2->size2 != C)
    return 1;

  /* 3. db2 = sum over the rows of dz2 */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }
  if (g->db2->size != C)
    return 1;

  /* 4. dp1 = dz2 W2'   (N,C)(C,H) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }
  if (g->dp1->size1 != N || g->dp1->size2 != H)
    return 1;

  /* 5. dz1 = dp1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);
  if (g->dz1->size1 != N || g->dz1->size2 != H)
    return 1;

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }
  if (g->dW1->size1 != D || g->dW1->size2 != H)
    return 1;

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }
  if (g->db1->size != H)
    return 1;

#ifdef DEBUG
  fprintf (stderr, "dz2[0][0]=%g dW2[0][0]=%g db2[0]=%g\n",
           gsl_matrix_get (g->dz2, 0, 0), gsl_matrix_get (g->dW2, 0, 0),
           gsl_vector_get (g->db2, 0));
  fprintf (stderr, "dW1[0][0]=%g db1[0]=%g\n",
           gsl_matrix_get (g->dW1, 0, 0), gsl_vector_get (g->db1, 0));
#endif

  g->present = BP_GRADS_ALL;
  return 0;
}
