/* backward.c
 * Student: backward pass, ported from numpy.
 *
 * My numpy loss() computed the softmax itself, so I do that here again
 * from the scores instead of using cache->prob (same thing).
 * Macros so the C reads like the numpy indexing. */

#include <math.h>
#include <stdlib.h>
#include "backprop.h"

#define AT(m, i, j)   ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)     ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t i, j, k;
  double *maxes, *sums;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  maxes = malloc (N * sizeof *maxes);   /* (N, 1) with keepdims */
  sums = malloc (N * sizeof *sums);     /* (N, 1) with keepdims */

  /* scores = scores - np.max(scores, axis=1, keepdims=True) */
  for (i = 0; i < N; i++) {
    maxes[i] = AT (cache->z2, i, 0);
    for (j = 1; j < C; j++)
      if (AT (cache->z2, i, j) > maxes[i])
        maxes[i] = AT (cache->z2, i, j);
  }
  /* exp_scores = np.exp(scores) -- straight into g->dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      AT (g->dz2, i, j) = exp (AT (cache->z2, i, j) - maxes[i]);
  /* probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True) */
  for (i = 0; i < N; i++) {
    sums[i] = 0.0;
    for (j = 0; j < C; j++)
      sums[i] += AT (g->dz2, i, j);
  }
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      AT (g->dz2, i, j) /= sums[i];

  /* dscores = probs ; dscores[range(N), y] -= 1 ; dscores /= N */
  for (i = 0; i < N; i++)
    AT (g->dz2, i, y[i]) -= 1.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      AT (g->dz2, i, j) /= (double) N;

  /* dW2 = np.dot(a1.T, dscores) + 2 * reg * W2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++) {
      double acc = 2.0 * reg * AT (net->W2, i, j);
      for (k = 0; k < N; k++)
        acc += AT (cache->p1, k, i) * AT (g->dz2, k, j);
      AT (g->dW2, i, j) = acc;
    }
  /* db2 = np.sum(dscores, axis=0) */
  for (j = 0; j < C; j++) {
    VAT (g->db2, j) = 0.0;
    for (i = 0; i < N; i++)
      VAT (g->db2, j) += AT (g->dz2, i, j);
  }

  /* da1 = np.dot(dscores, W2.T) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double acc = 0.0;
      for (k = 0; k < C; k++)
        acc += AT (g->dz2, i, k) * AT (net->W2, j, k);
      AT (g->dp1, i, j) = acc;
    }
  /* dz1 = da1 * (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      AT (g->dz1, i, j) = AT (cache->z1, i, j) > 0 ? AT (g->dp1, i, j) : 0.0;

  /* dW1 = np.dot(X.T, dz1) + 2 * reg * W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      double acc = 2.0 * reg * AT (net->W1, i, j);
      for (k = 0; k < N; k++)
        acc += AT (X, k, i) * AT (g->dz1, k, j);
      AT (g->dW1, i, j) = acc;
    }
  /* db1 = np.sum(dz1, axis=0) */
  for (j = 0; j < H; j++) {
    VAT (g->db1, j) = 0.0;
    for (i = 0; i < N; i++)
      VAT (g->db1, j) += AT (g->dz1, i, j);
  }

  free (maxes);
  free (sums);
  g->present = BP_GRADS_ALL;
  return 0;
}
