/* backward.c -- HW3 part 2, second submission.
 * First try failed: gradcheck said dz2 "scale:N" (forgot the 1/N) and dW2
 * was wrong because of that.  Fixed dz2; dW2 now done twice (loop + blas)
 * so I could compare them.  They agree. */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

static int debug = 0;   /* set to 1 to print stuff on stderr */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t i, j, k, d;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot(y)) / N */
#if 0
  /* attempt 1 (no 1/N) */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) - (y[i] == k));
#endif
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, k, v / (double) N);
      }
  if (debug)
    fprintf (stderr, "dz2[0][0] = %g\n", gsl_matrix_get (g->dz2, 0, 0));

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }
  /* same with blas, to check the loop -- this one is what ends up in g */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2 */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* 5. dz1 -- relu, mask from z1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        // gsl_matrix_set (g->dz1, i, j, z > 0 ? z : 0.0);   <- attempt 1, wrong
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j, s + 2.0 * reg * gsl_matrix_get (net->W1, d, j));
      }

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  if (debug)
    fprintf (stderr, "db1[0] = %g  dW1[0][0] = %g\n",
             gsl_vector_get (g->db1, 0), gsl_matrix_get (g->dW1, 0, 0));

  g->present = BP_GRADS_ALL;
  return 0;
}
