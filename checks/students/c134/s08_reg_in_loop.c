/* backward.c
 *
 * Two-layer net, backward.  Accumulate over the batch one sample at a time;
 * every weight gradient starts at zero.
 */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

static void
zero_rows (gsl_matrix *m)
{
  size_t r;
  for (r = 0; r < m->size1; r++)
    memset (m->data + r * m->tda, 0, m->size2 * sizeof (double));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  size_t s, a, b;

  if (n != cache->N || g->N != n || X->size2 != d)
    return 1;

  zero_rows (g->dW2);
  zero_rows (g->dW1);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (s = 0; s < n; s++)
    {
      const double *pr = cache->prob->data + s * cache->prob->tda;
      const double *hid = cache->p1->data + s * cache->p1->tda;
      const double *pre = cache->z1->data + s * cache->z1->tda;
      const double *x = X->data + s * X->tda;
      double *go = g->dz2->data + s * g->dz2->tda;
      double *gh = g->dp1->data + s * g->dp1->tda;
      double *gz = g->dz1->data + s * g->dz1->tda;

      /* scores */
      for (b = 0; b < c; b++)
        go[b] = (pr[b] - (b == y[s] ? 1.0 : 0.0)) / (double) n;

      /* second layer: dW2 += hid' go (+ the L2 part), db2 += go */
      for (a = 0; a < h; a++)
        {
          double *dw = g->dW2->data + a * g->dW2->tda;
          const double *w = net->W2->data + a * net->W2->tda;
          for (b = 0; b < c; b++)
            dw[b] += hid[a] * go[b] + 2.0 * reg * w[b];
        }
      for (b = 0; b < c; b++)
        g->db2->data[b * g->db2->stride] += go[b];

      /* hidden: gh = W2 go, gz = gh where pre > 0 */
      for (a = 0; a < h; a++)
        {
          const double *w = net->W2->data + a * net->W2->tda;
          double t = 0.0;
          for (b = 0; b < c; b++)
            t += w[b] * go[b];
          gh[a] = t;
          gz[a] = pre[a] > 0.0 ? t : 0.0;
          g->db1->data[a * g->db1->stride] += gz[a];
        }

      /* first layer: dW1 += x' gz */
      for (a = 0; a < d; a++)
        {
          double *dw = g->dW1->data + a * g->dW1->tda;
          for (b = 0; b < h; b++)
            dw[b] += x[a] * gz[b];
        }
    }

  /* L2 on W1 */
  for (a = 0; a < d; a++)
    {
      double *dw = g->dW1->data + a * g->dW1->tda;
      const double *w = net->W1->data + a * net->W1->tda;
      for (b = 0; b < h; b++)
        dw[b] += 2.0 * reg * w[b];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
