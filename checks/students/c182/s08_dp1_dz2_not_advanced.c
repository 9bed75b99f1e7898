/* backward.c -- backprop for the 2-layer net (exercise 5)
 *
 * Notation as in the lecture: dscores = dL/dz2, dhidden = dL/dp1.
 * All matrices from gradcheck are contiguous, I use tda anyway where I
 * remember to.
 */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  double *dscores = g->dz2->data, *dhidden = g->dp1->data;
  const double *src, *w, *dsc;
  double acc, *dst;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores = (probs - 1{y}) / N */
  memcpy (dscores, cache->prob->data, N * C * sizeof (double));
  for (n = 0; n < N; n++)
    dscores[n * C + y[n]] -= 1.0;
  dst = dscores;
  for (n = 0; n < N * C; n++)
    *dst++ /= (double) N;

  /* dW2 = hidden^T dscores + 2 reg W2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        acc = 0.0;
        src = cache->p1->data + h;
        dsc = dscores + c;
        for (n = 0; n < N; n++, src += H, dsc += C)
          acc += *src * *dsc;
        g->dW2->data[h * C + c] = acc + 2.0 * reg * net->W2->data[h * C + c];
      }

  /* db2 */
  dst = g->db2->data;
  memset (dst, 0, C * sizeof (double));
  dsc = dscores;
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      dst[c] += *dsc++;

  /* dhidden = dscores W2^T */
  dst = dhidden;
  for (n = 0; n < N; n++)
    {
      w = net->W2->data;
      for (h = 0; h < H; h++)
        {
          dsc = dscores + n * g->dz2->tda;
          acc = 0.0;
          for (c = 0; c < C; c++)
            acc += *dsc * *w++;
          *dst++ = acc;
        }
      dst += g->dp1->tda - H;
    }

  /* relu backward */
  dst = g->dz1->data;
  src = dhidden;
  w = cache->z1->data;       /* not a weight, just the pointer I had */
  for (n = 0; n < N * H; n++, src++, w++)
    *dst++ = (*w <= 0.0) ? 0.0 : *src;

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        acc = 0.0;
        src = X->data + d;
        dsc = g->dz1->data + h;
        for (n = 0; n < N; n++, src += D, dsc += H)
          acc += *src * *dsc;
        g->dW1->data[d * H + h] = acc + 2.0 * reg * net->W1->data[d * H + h];
      }

  /* db1 */
  dst = g->db1->data;
  memset (dst, 0, H * sizeof (double));
  dsc = g->dz1->data;
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      dst[h] += *dsc++;

  g->present = BP_GRADS_ALL;
  return 0;
}
