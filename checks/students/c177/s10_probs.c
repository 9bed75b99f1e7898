/* backward.c -- backward pass, 2-layer net.  HW3.
 * Each block = one line of my numpy code (in the comment above it). */

#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = a.dot(b) where a is (n,k) and b is (k,m); at/bt: use transpose */
static void
np_dot (const gsl_matrix *a, int at, const gsl_matrix *b, int bt,
        gsl_matrix *out)
{
  size_t n = out->size1, m = out->size2, k = at ? a->size1 : a->size2;
  size_t i, j, l;

  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      {
        double acc = 0.0;
        for (l = 0; l < k; l++)
          acc += (at ? gsl_matrix_get (a, l, i) : gsl_matrix_get (a, i, l))
                 * (bt ? gsl_matrix_get (b, j, l) : gsl_matrix_get (b, l, j));
        gsl_matrix_set (out, i, j, acc);
      }
}

static void
np_sum_axis0 (const gsl_matrix *a, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < a->size2; j++)
    {
      double acc = 0.0;
      for (i = 0; i < a->size1; i++)
        acc += gsl_matrix_get (a, i, j);
      gsl_vector_set (out, j, acc);
    }
}

static void
np_where_positive (const gsl_matrix *cond, const gsl_matrix *a, gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < a->size1; i++)
    for (j = 0; j < a->size2; j++)
      gsl_matrix_set (out, i, j,
                      gsl_matrix_get (cond, i, j) > 0 ? gsl_matrix_get (a, i, j) : 0);
}

/* out = a * s   (out may be a) */
static void
np_scale (const gsl_matrix *a, double s, gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < a->size1; i++)
    for (j = 0; j < a->size2; j++)
      gsl_matrix_set (out, i, j, s * gsl_matrix_get (a, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  const gsl_matrix *probs = cache->prob, *hidden = cache->p1;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  gsl_matrix *dscores = g->dz2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
  np_scale (probs, 1.0, dscores);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  np_scale (dscores, 1.0 / N, dscores);

  /* grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2 */
  np_dot (hidden, 1, dscores, 0, g->dW2);
  for (i = 0; i < W2->size1; i++)
    for (j = 0; j < W2->size2; j++)
      gsl_matrix_set (g->dW2, i, j,
                      gsl_matrix_get (g->dW2, i, j) + 2 * reg * gsl_matrix_get (W2, i, j));

  /* grads['b2'] = np.sum(dscores, axis=0) */
  np_sum_axis0 (dscores, g->db2);

  /* dhidden = dscores.dot(W2.T) */
  np_dot (probs, 0, W2, 1, g->dp1);

  /* dhidden[z1 <= 0] = 0 */
  np_where_positive (cache->z1, g->dp1, g->dz1);

  /* grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1 */
  np_dot (X, 1, g->dz1, 0, g->dW1);
  for (i = 0; i < W1->size1; i++)
    for (j = 0; j < W1->size2; j++)
      gsl_matrix_set (g->dW1, i, j,
                      gsl_matrix_get (g->dW1, i, j) + 2 * reg * gsl_matrix_get (W1, i, j));

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  np_sum_axis0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
