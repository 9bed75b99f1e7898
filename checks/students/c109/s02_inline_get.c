/* Backward pass of the 2-layer net (assignment 2, part 3).

   Two small accessors so the loops read like the maths.  I use size2 as
   the row length, our matrices are never submatrices so that is fine.
   Loop order i-k-j for the products (faster, the inner loop runs along
   a row). */

#include <string.h>
#include "backprop/grads.h"

static inline double
get (const gsl_matrix *m, size_t r, size_t c)
{
  return m->data[r * m->size2 + c];
}

static inline double *
ref (gsl_matrix *m, size_t r, size_t c)
{
  return &m->data[r * m->size2 + c];
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  size_t i, j, k;

  /* dz2: softmax minus one-hot, averaged over the batch */
  for (i = 0; i < n; i++)
    for (k = 0; k < c; k++)
      *ref (g->dz2, i, k) =
        (get (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / (double) n;

  /* dW2 and db2 in one sweep: start from the reg term (resp. zero) and
     add the contribution of each sample */
  for (j = 0; j < h; j++)
    for (k = 0; k < c; k++)
      *ref (g->dW2, j, k) = 2.0 * reg * get (net->W2, j, k);
  memset (g->db2->data, 0, c * sizeof (double));
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      {
        double a = get (cache->p1, i, j);
        for (k = 0; k < c; k++)
          *ref (g->dW2, j, k) += a * get (g->dz2, i, k);
      }
  for (i = 0; i < n; i++)
    for (k = 0; k < c; k++)
      g->db2->data[k] += get (g->dz2, i, k);

  /* dp1 = dz2 W2^T */
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      {
        double s = 0.0;
        for (k = 0; k < c; k++)
          s += get (g->dz2, i, k) * get (net->W2, j, k);
        *ref (g->dp1, i, j) = s;
      }

  /* dz1: copy dp1, then zero it where the relu was off */
  memcpy (g->dz1->data, g->dp1->data, n * h * sizeof (double));
  for (i = 0; i < n * h; i++)
    if (cache->z1->data[i] <= 0.0)
      g->dz1->data[i] = 0.0;

  /* dW1 = X^T dz1 + 2 reg W1, same trick as dW2 */
  for (k = 0; k < d; k++)
    for (j = 0; j < h; j++)
      *ref (g->dW1, k, j) = 2.0 * reg * get (net->W1, k, j);
  for (i = 0; i < n; i++)
    for (k = 0; k < d; k++)
      {
        double x = get (X, i, k);
        for (j = 0; j < h; j++)
          *ref (g->dW1, k, j) += x * get (g->dz1, i, j);
      }

  /* db1 */
  for (j = 0; j < h; j++)
    g->db1->data[j] = 0.0;
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      g->db1->data[j] += get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
