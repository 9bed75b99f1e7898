/* backward.c -- retake
 * I do not trust cache->prob (last year it was the scores in my own code,
 * not the probabilities), so the softmax is recomputed here from z2.
 * Stable version: subtract the max first. */

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double *
my_softmax (const gsl_matrix *z, size_t N, size_t C)
{
  double *p = malloc (N * C * sizeof (double));
  size_t i, k;
  if (p == NULL)
    return NULL;
  for (i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (z, i, 0), tot = 0.0;
      for (k = 1; k < C; k++)
        mx = fmax (mx, gsl_matrix_get (z, i, k));
      for (k = 0; k < C; k++)
        p[i * C + k] = exp (gsl_matrix_get (z, i, k) - mx);
      for (k = 1; k < C; k++)   /* k = 0 .. C-1 */
        tot += p[i * C + k];
      for (k = 0; k < C; k++)
        p[i * C + k] /= tot;
    }
  return p;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, H = net->H, i, j;
  double *p;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  p = my_softmax (cache->z2, N, C);
  if (p == NULL)
    return 1;
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double t = p[i * C + j];
        if (j == y[i])
          t -= 1.0;
        gsl_matrix_set (g->dz2, i, j, t / (double) N);
      }
  free (p);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
