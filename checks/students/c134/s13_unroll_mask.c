/* backward.c -- backprop for the two-layer net, unrolled by two where it
 * matters (the H loops).  Pointers step along a row with ++. */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double twor = 2.0 * reg;
  size_t i, j, k;

  if (N != cache->N || N != g->N)
    return 1;

  /* dz2 = (prob - Y) / N */
  for (i = 0; i < N; i++)
    {
      const double *p = cache->prob->data + i * cache->prob->tda;
      double *q = g->dz2->data + i * g->dz2->tda;
      for (k = 0; k < C; k++)
        *q++ = *p++ / N;
      g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0 / N;
    }

  /* dW2 = p1' dz2 + 2 reg W2,  db2 */
  for (j = 0; j < H; j++)
    {
      const double *w = net->W2->data + j * net->W2->tda;
      double *q = g->dW2->data + j * g->dW2->tda;
      for (k = 0; k < C; k++)
        *q++ = twor * *w++;
    }
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      const double *h = cache->p1->data + i * cache->p1->tda;
      const double *d = g->dz2->data + i * g->dz2->tda;
      for (j = 0; j < H; j++)
        {
          double *q = g->dW2->data + j * g->dW2->tda;
          for (k = 0; k < C; k++)
            q[k] += h[j] * d[k];
        }
      for (k = 0; k < C; k++)
        g->db2->data[k * g->db2->stride] += d[k];
    }

  /* dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    {
      const double *d = g->dz2->data + i * g->dz2->tda;
      double *q = g->dp1->data + i * g->dp1->tda;
      for (j = 0; j < H; j++)
        {
          const double *w = net->W2->data + j * net->W2->tda;
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += d[k] * w[k];
          *q++ = s;
        }
    }

  /* dz1 = dp1 * (z1 > 0), two at a time */
  for (i = 0; i < N; i++)
    {
      const double *z = cache->z1->data + i * cache->z1->tda;
      const double *s = g->dp1->data + i * g->dp1->tda;
      double *q = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j + 1 < H; j += 2)
        {
          q[j] = z[j] > 0 ? s[j] : 0.0;
          q[j + 1] = z[j] > 0 ? s[j + 1] : 0.0;
        }
      if (j < H)
        q[j] = z[j] > 0 ? s[j] : 0.0;
    }

  /* dW1 = X' dz1 + 2 reg W1,  db1 */
  for (k = 0; k < D; k++)
    {
      const double *w = net->W1->data + k * net->W1->tda;
      double *q = g->dW1->data + k * g->dW1->tda;
      for (j = 0; j < H; j++)
        *q++ = twor * *w++;
    }
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      const double *x = X->data + i * X->tda;
      const double *d = g->dz1->data + i * g->dz1->tda;
      for (k = 0; k < D; k++)
        {
          double *q = g->dW1->data + k * g->dW1->tda;
          for (j = 0; j + 1 < H; j += 2)
            {
              q[j] += x[k] * d[j];
              q[j + 1] += x[k] * d[j + 1];
            }
          if (j < H)
            q[j] += x[k] * d[j];
        }
      for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] += d[j];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
