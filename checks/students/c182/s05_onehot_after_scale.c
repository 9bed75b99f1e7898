/* hw3 backward pass.
 *
 * dscores first, then back through the second affine layer, the relu and
 * the first affine layer.  Pointers only; at the end of a row I jump over
 * the padding with p += tda - ncols.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s, *out;
  const double *a, *b, *w;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores: the probabilities divided by N ... */
  out = g->dz2->data;
  a = cache->prob->data;
  for (i = 0; i < N * C; i++)
    *out++ = *a++ / N;
  /* ... minus 1 at the correct class */
  for (i = 0; i < N; i++)
    g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;

  /* dW2 (H x C): column of p1 times column of dz2 */
  out = g->dW2->data;
  w = net->W2->data;
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        {
          a = cache->p1->data + j;
          b = g->dz2->data + k;
          s = 0.0;
          for (i = 0; i < N; i++, a += H, b += C)
            s += *a * *b;
          *out++ = s + 2.0 * reg * *w++;
        }
    }

  /* db2 */
  out = g->db2->data;
  for (k = 0; k < C; k++)
    out[k] = 0.0;
  a = g->dz2->data;
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        out[k] += *a++;
      a += g->dz2->tda - C;
    }

  /* dp1 = dscores . W2^T */
  out = g->dp1->data;
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          a = g->dz2->data + i * g->dz2->tda;
          w = net->W2->data + j * net->W2->tda;
          s = 0.0;
          for (k = 0; k < C; k++)
            s += *a++ * *w++;
          *out++ = s;
        }
      out += g->dp1->tda - H;
    }

  /* dz1: relu lets the gradient through only where z1 was positive */
  out = g->dz1->data;
  a = g->dp1->data;
  b = cache->z1->data;
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++, a++, b++)
        *out++ = *b > 0 ? *a : 0.0;
      out += g->dz1->tda - H;
      a += g->dp1->tda - H;
      b += cache->z1->tda - H;
    }

  /* dW1 (D x H) */
  out = g->dW1->data;
  w = net->W1->data;
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        a = X->data + k;
        b = g->dz1->data + j;
        s = 0.0;
        for (i = 0; i < N; i++, a += D, b += H)
          s += *a * *b;
        *out++ = s + 2.0 * reg * *w++;
      }

  /* db1 */
  out = g->db1->data;
  for (j = 0; j < H; j++)
    {
      b = g->dz1->data + j;
      s = 0.0;
      for (i = 0; i < N; i++, b += g->dz1->tda)
        s += *b;
      *out++ = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
