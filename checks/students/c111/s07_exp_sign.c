/* backward.c
 *
 * Two-layer net, backward pass (HW4, part 2).
 *
 * I recompute softmax(scores) myself.  To keep exp() from overflowing I
 * work with gap = max - score, which is >= 0 for every class.
 */

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, H = (int) net->H, C = (int) net->C;
  int i, j, k;
  double *gap, *probs;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  gap = malloc ((size_t) N * C * sizeof (double));
  probs = malloc ((size_t) N * C * sizeof (double));
  if (gap == NULL || probs == NULL)
    {
      free (gap);
      free (probs);
      return 1;
    }

  for (i = 0; i < N; i++)
    {
      const double *scores = cache->z2->data + i * cache->z2->tda;
      double mx = scores[0], sum = 0.0;
      for (k = 1; k < C; k++)
        if (scores[k] > mx)
          mx = scores[k];
      for (k = 0; k < C; k++)
        gap[i * C + k] = mx - scores[k];
      for (k = 0; k < C; k++)
        {
          probs[i * C + k] = exp (gap[i * C + k]);
          sum += probs[i * C + k];
        }
      for (k = 0; k < C; k++)
        probs[i * C + k] /= sum;
    }

  /* dscores */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (probs[i * C + k] - (k == (int) y[i])) / N);
  free (gap);
  free (probs);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
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
