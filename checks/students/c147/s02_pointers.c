/*
 * Backward pass, assignment 4.
 * I walk the matrices through ->data directly (row i starts at
 * data + i*tda), which is how we did arrays in the C course.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int N, D, H, C, i, j, k;
  double *d, *p, *w, *q;
  const double *a, *b;
  double s;

  N = (int) X->size1;
  D = (int) X->size2;
  H = (int) net->H;
  C = (int) net->C;
  if (N != (int) g->N || H != (int) cache->H)
    return 1;

  /* dz2: copy prob, take 1 off the true class, divide by N */
  for (i = 0; i < N; i++)
    {
      d = g->dz2->data + i * g->dz2->tda;
      a = cache->prob->data + i * cache->prob->tda;
      for (j = 0; j < C; j++)
        *d++ = *a++;
      d = g->dz2->data + i * g->dz2->tda;
      d[y[i]] -= 1.0;
      for (j = 0; j < C; j++)
        d[j] /= (double) N;
    }

  /* dW2 = 2 reg W2 first, then add p1' dz2 row by row */
  for (j = 0; j < H; j++)
    {
      p = g->dW2->data + j * g->dW2->tda;
      w = net->W2->data + j * net->W2->tda;
      for (k = 0; k < C; k++)
        p[k] = 2.0 * reg * w[k];
    }
  for (i = 0; i < N; i++)
    {
      a = cache->p1->data + i * cache->p1->tda;
      b = g->dz2->data + i * g->dz2->tda;
      for (j = 0; j < H; j++)
        {
          p = g->dW2->data + j * g->dW2->tda;
          for (k = 0; k < C; k++)
            p[k] += a[j] * b[k];
        }
    }

  /* db2 */
  for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += g->dz2->data[i * g->dz2->tda + k];
      g->db2->data[k * g->db2->stride] = s;
    }

  /* dp1 = dz2 W2', and dz1 straight after (z1 <= 0 kills it) */
  for (i = 0; i < N; i++)
    {
      b = g->dz2->data + i * g->dz2->tda;
      p = g->dp1->data + i * g->dp1->tda;
      q = g->dz1->data + i * g->dz1->tda;
      a = cache->z1->data + i * cache->z1->tda;
      for (j = 0; j < H; j++)
        {
          w = net->W2->data + j * net->W2->tda;
          s = 0.0;
          for (k = 0; k < C; k++)
            s += b[k] * w[k];
          p[j] = s;
          q[j] = (a[j] > 0.0) ? s : 0.0;
        }
    }

  /* dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    {
      p = g->dW1->data + k * g->dW1->tda;
      w = net->W1->data + k * net->W1->tda;
      for (j = 0; j < H; j++)
        {
          s = 0.0;
          for (i = 0; i < N; i++)
            s += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
          p[j] = s + 2.0 * reg * w[j];
        }
    }

  /* db1 */
  d = g->db1->data;
  for (j = 0; j < H; j++)
    {
      s = 0.0;
      q = g->dz1->data + j;
      for (i = 0; i < N; i++)
        {
          s += *q;
          q += g->dz1->tda;
        }
      *d = s;
      d += g->db1->stride;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
