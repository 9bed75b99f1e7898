/* hw4 backward -- D. Brandt */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int n, d, h, c;
  int i, j, k;
  double *p, *q, *r, *w;
  double s;

  n = X->size1; d = net->D; h = net->H; c = net->C;
  if (n != (int) cache->N || (int) X->size2 != d || (int) g->N != n)
    return 1;

  /* dz2 */
  for (i = 0; i < n; i++)
    {
      p = cache->prob->data + i * cache->prob->tda;
      q = g->dz2->data + i * g->dz2->tda;
      for (j = 0; j < c; j++)
        q[j] = p[j] / n;
      q[y[i]] -= 1.0 / n;
    }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  for (i = 0; i < h; i++)
    {
      q = g->dW2->data + i * g->dW2->tda;
      w = net->W2->data + i * net->W2->tda;
      for (j = 0; j < c; j++)
        q[j] = 2.0 * reg * w[j];
    }
  for (k = 0; k < n; k++)
    {
      p = cache->p1->data + k * cache->p1->tda;
      r = g->dz2->data + k * g->dz2->tda;
      for (i = 0; i < h; i++)
        {
          if (p[i] == 0.0)
            continue;
          q = g->dW2->data + i * g->dW2->tda;
          for (j = 0; j < c; j++)
            q[j] += p[i] * r[j];
        }
    }

  /* db2 */
  q = g->db2->data;
  for (j = 0; j < c; j++)
    q[j * g->db2->stride] = 0.0;
  for (k = 0; k < n; k++)
    {
      r = g->dz2->data + k * g->dz2->tda;
      for (j = 0; j < c; j++)
        q[j * g->db2->stride] += r[j];
    }

  /* dp1 = dz2 W2^T, then relu.  p1 > 0 exactly where z1 > 0 */
  for (k = 0; k < n; k++)
    {
      r = g->dz2->data + k * g->dz2->tda;
      q = g->dp1->data + k * g->dp1->tda;
      p = cache->p1->data + k * cache->p1->tda;
      for (i = 0; i < h; i++)
        {
          w = net->W2->data + i * net->W2->tda;
          s = 0.0;
          for (j = 0; j < c; j++)
            s += r[j] * w[j];
          q[i] = s;
          g->dz1->data[k * g->dz1->tda + i] = p[i] > 0.0 ? s : 0.0;
        }
    }

  /* dW1, db1 */
  for (i = 0; i < d; i++)
    {
      q = g->dW1->data + i * g->dW1->tda;
      w = net->W1->data + i * net->W1->tda;
      for (j = 0; j < h; j++)
        q[j] = 2.0 * reg * w[j];
    }
  for (j = 0; j < h; j++)
    g->db1->data[j * g->db1->stride] = 0.0;
  for (k = 0; k < n; k++)
    {
      p = X->data + k * X->tda;
      r = g->dz1->data + k * g->dz1->tda;
      for (i = 0; i < d; i++)
        {
          q = g->dW1->data + i * g->dW1->tda;
          for (j = 0; j < h; j++)
            q[j] += p[i] * r[j];
        }
      for (j = 0; j < h; j++)
        g->db1->data[j * g->db1->stride] += r[j];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
