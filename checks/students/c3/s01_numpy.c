/* backward.c -- HW2, part 3.  Ported from my numpy solution
 * (neural_net.py) line by line; the helpers are named after the numpy
 * calls they replace so I can keep the two side by side:
 *
 *   dscores = probs.copy()
 *   dscores[np.arange(N), y] -= 1
 *   dscores /= N
 *   grads['W2'] = h1.T.dot(dscores) + 2 * reg * W2
 *   grads['b2'] = np.sum(dscores, axis=0)
 *   dh1 = dscores.dot(W2.T)
 *   dz1 = dh1 * (z1 > 0)
 *   grads['W1'] = X.T.dot(dz1) + 2 * reg * W1
 *   grads['b1'] = np.sum(dz1, axis=0)
 */

#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = a.dot(b); ta / tb say "use a.T" / "use b.T" */
static void
np_dot (const gsl_matrix *a, int ta, const gsl_matrix *b, int tb,
        gsl_matrix *out)
{
  size_t rows = ta ? a->size2 : a->size1;
  size_t inner = ta ? a->size1 : a->size2;
  size_t cols = tb ? b->size1 : b->size2;
  size_t i, j, k;

  for (i = 0; i < rows; i++)
    for (j = 0; j < cols; j++)
      {
        double acc = 0.0;
        for (k = 0; k < inner; k++)
          {
            double av = ta ? gsl_matrix_get (a, k, i) : gsl_matrix_get (a, i, k);
            double bv = tb ? gsl_matrix_get (b, j, k) : gsl_matrix_get (b, k, j);
            acc += av * bv;
          }
        gsl_matrix_set (out, i, j, acc);
      }
}

/* out = np.sum(a, axis=0) */
static void
np_sum_axis0 (const gsl_matrix *a, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < a->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < a->size1; i++)
        s += gsl_matrix_get (a, i, j);
      gsl_vector_set (out, j, s);
    }
}

/* out = da * (a > 0), i.e. the gradient of np.maximum(0, a) */
static void
np_maximum_backward (const gsl_matrix *da, const gsl_matrix *a,
                     gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < a->size1; i++)
    for (j = 0; j < a->size2; j++)
      gsl_matrix_set (out, i, j,
                      gsl_matrix_get (a, i, j) > 0 ? gsl_matrix_get (da, i, j) : 0.0);
}

/* out += alpha * a   (numpy: out += alpha * a) */
static void
np_iadd (gsl_matrix *out, double alpha, const gsl_matrix *a)
{
  size_t i, j;
  for (i = 0; i < out->size1; i++)
    for (j = 0; j < out->size2; j++)
      gsl_matrix_set (out, i, j,
                      gsl_matrix_get (out, i, j) + alpha * gsl_matrix_get (a, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i;

  /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* grads['W2'] = h1.T.dot(dscores) + 2 * reg * W2 */
  np_dot (cache->p1, 1, g->dz2, 0, g->dW2);
  np_iadd (g->dW2, 2.0 * reg, net->W2);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  np_sum_axis0 (g->dz2, g->db2);

  /* dh1 = dscores.dot(W2.T) */
  np_dot (g->dz2, 0, net->W2, 1, g->dp1);

  /* dz1 = dh1 * (z1 > 0) */
  np_maximum_backward (g->dp1, cache->z1, g->dz1);

  /* grads['W1'] = X.T.dot(dz1) + 2 * reg * W1 */
  np_dot (X, 1, g->dz1, 0, g->dW1);
  np_iadd (g->dW1, 2.0 * reg, net->W1);

  /* grads['b1'] = np.sum(dz1, axis=0) */
  np_sum_axis0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
