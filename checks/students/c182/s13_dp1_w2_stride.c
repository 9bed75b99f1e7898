/* backward.c -- backward pass, two layer fully connected net + softmax
 *
 *   dz2 -> dW2, db2 -> dp1 -> dz1 -> dW1, db1
 *
 * p walks the output, q/r walk the inputs.  End of row: p += tda - cols.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  double *p, acc;
  const double *q, *r;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  p = g->dz2->data;
  q = cache->prob->data;
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        *p++ = (c == y[n] ? *q++ - 1.0 : *q++) / N;
      p += g->dz2->tda - C;
      q += cache->prob->tda - C;
    }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  p = g->dW2->data;
  r = net->W2->data;
  for (h = 0; h < H; h++)
    {
      for (c = 0; c < C; c++)
        {
          acc = 0.0;
          for (n = 0; n < N; n++)
            acc += cache->p1->data[n * cache->p1->tda + h]
                   * g->dz2->data[n * g->dz2->tda + c];
          *p++ = acc + 2.0 * reg * *r++;
        }
      p += g->dW2->tda - C;
      r += net->W2->tda - C;
    }

  /* db2 */
  p = g->db2->data;
  for (c = 0; c < C; c++)
    {
      acc = 0.0;
      for (n = 0, q = g->dz2->data + c; n < N; n++, q += g->dz2->tda)
        acc += *q;
      *p++ = acc;
    }

  /* dp1 = dz2 W2^T : W2^T[c][h] is W2 read down column h */
  p = g->dp1->data;
  for (n = 0; n < N; n++)
    {
      for (h = 0; h < H; h++)
        {
          acc = 0.0;
          q = g->dz2->data + n * g->dz2->tda;
          for (c = 0, r = net->W2->data + h; c < C; c++, r += H)
            acc += *q++ * *r;
          *p++ = acc;
        }
      p += g->dp1->tda - H;
    }

  /* dz1 */
  p = g->dz1->data;
  q = g->dp1->data;
  r = cache->z1->data;
  for (n = 0; n < N; n++)
    {
      for (h = 0; h < H; h++, q++, r++)
        *p++ = *r > 0.0 ? *q : 0.0;
      p += g->dz1->tda - H;
      q += g->dp1->tda - H;
      r += cache->z1->tda - H;
    }

  /* dW1 = X^T dz1 + 2 reg W1 */
  p = g->dW1->data;
  r = net->W1->data;
  for (d = 0; d < D; d++)
    {
      for (h = 0; h < H; h++)
        {
          acc = 0.0;
          for (n = 0; n < N; n++)
            acc += X->data[n * X->tda + d] * g->dz1->data[n * g->dz1->tda + h];
          *p++ = acc + 2.0 * reg * *r++;
        }
      p += g->dW1->tda - H;
      r += net->W1->tda - H;
    }

  /* db1 */
  p = g->db1->data;
  for (h = 0; h < H; h++)
    {
      acc = 0.0;
      for (n = 0, q = g->dz1->data + h; n < N; n++, q += g->dz1->tda)
        acc += *q;
      *p++ = acc;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
