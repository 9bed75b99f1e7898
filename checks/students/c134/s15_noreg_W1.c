/* backward.c -- backward pass of the 2-layer net.
 *
 * dz2 and dz1 are built in scratch buffers of my own (plain double arrays,
 * row stride = number of columns) and copied into g at the end.
 * loss has reg * (|W1|^2 + |W2|^2), so the weights get 2 * reg * W.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
copy_in (gsl_matrix *m, const double *buf)
{
  size_t r;
  for (r = 0; r < m->size1; r++)
    memcpy (m->data + r * m->tda, buf + r * m->size2, m->size2 * sizeof *buf);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *s2, *s1, *t;
  size_t i, j, k;

  if (N != cache->N || g->N != N)
    return 1;
  s2 = malloc (N * C * sizeof *s2);
  s1 = malloc (N * H * sizeof *s1);
  if (s2 == NULL || s1 == NULL)
    {
      free (s2);
      free (s1);
      return 1;
    }

  /* softmax gradient */
  for (i = 0, t = s2; i < N; i++, t += C)
    {
      const double *p = cache->prob->data + i * cache->prob->tda;
      for (k = 0; k < C; k++)
        t[k] = p[k] / N;
      t[y[i]] -= 1.0 / N;
    }
  copy_in (g->dz2, s2);

  /* second layer */
  for (j = 0; j < H; j++)
    {
      double *dw = g->dW2->data + j * g->dW2->tda;
      const double *w = net->W2->data + j * net->W2->tda;
      for (k = 0; k < C; k++)
        {
          double a = 0;
          for (i = 0; i < N; i++)
            a += cache->p1->data[i * cache->p1->tda + j] * s2[i * C + k];
          dw[k] = a + 2 * reg * w[k];
        }
    }
  for (k = 0; k < C; k++)
    {
      double a = 0;
      for (i = 0; i < N; i++)
        a += s2[i * C + k];
      gsl_vector_set (g->db2, k, a);
    }

  /* hidden layer */
  for (i = 0, t = s1; i < N; i++, t += H)
    {
      double *dp = g->dp1->data + i * g->dp1->tda;
      const double *z = cache->z1->data + i * cache->z1->tda;
      for (j = 0; j < H; j++)
        {
          const double *w = net->W2->data + j * net->W2->tda;
          double a = 0;
          for (k = 0; k < C; k++)
            a += s2[i * C + k] * w[k];
          dp[j] = a;
          t[j] = z[j] > 0 ? a : 0;
        }
    }
  copy_in (g->dz1, s1);

  /* first layer */
  for (k = 0; k < D; k++)
    {
      double *dw = g->dW1->data + k * g->dW1->tda;
      for (j = 0; j < H; j++)
        {
          double a = 0;
          for (i = 0; i < N; i++)
            a += X->data[i * X->tda + k] * s1[i * H + j];
          dw[j] = a;
        }
    }
  for (j = 0; j < H; j++)
    {
      double a = 0;
      for (i = 0; i < N; i++)
        a += s1[i * H + j];
      gsl_vector_set (g->db1, j, a);
    }

  free (s2);
  free (s1);
  g->present = BP_GRADS_ALL;
  return 0;
}
