/* backward.c -- lab 4, backward pass of the two-layer net
 *
 * No gsl_matrix_get/set: everything is walked with pointers.  The
 * matrices gradcheck gives us come from gsl_matrix_alloc, so rows are
 * back to back (tda == size2) and a whole matrix can be walked flat.
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
  size_t i, j, k;
  double *p;
  const double *s, *t;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot(y)) / N */
  p = g->dz2->data;
  s = cache->prob->data;
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++) {
      *p = *s++;
      if (k == y[i])
        *p -= 1.0;
      *p++ /= (double) N;
    }
  }

  /* 2. dW2 = p1^T dz2 + 2 reg W2, one outer product per sample */
  memset (g->dW2->data, 0, H * C * sizeof (double));
  s = cache->p1->data;
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++, s++) {
      p = g->dW2->data + j * C;
      t = g->dz2->data + i * C;
      for (k = 0; k < C; k++)
        *p++ += *s * *t++;
    }
  }
  p = g->dW2->data;
  s = net->W2->data;
  for (k = 0; k < H * C; k++)
    *p++ += 2.0 * reg * *s++;

  /* 3. db2 = sum of the rows of dz2 */
  memset (g->db2->data, 0, C * sizeof (double));
  s = g->dz2->data;
  for (i = 0; i < N; i++) {
    p = g->db2->data;
    for (k = 0; k < C; k++)
      *p++ += *s++;
  }

  /* 4. dp1 = dz2 W2^T  (row j of W2 dotted with row i of dz2) */
  p = g->dp1->data;
  for (i = 0; i < N; i++) {
    s = net->W2->data;          /* back to the top of W2 for every sample */
    for (j = 0; j < H; j++) {
      t = g->dz2->data + i * C;
      *p = 0.0;
      for (k = 0; k < C; k++)
        *p += *t++ * *s++;
      p++;
    }
  }

  /* 5. dz1 = dp1 where z1 > 0, else 0 */
  p = g->dz1->data;
  s = g->dp1->data;
  t = cache->z1->data;
  for (k = 0; k < N * H; k++, s++, t++)
    *p++ = (*t > 0.0) ? *s : 0.0;

  /* 6. dW1 = X^T dz1 + 2 reg W1, same trick as dW2 */
  memset (g->dW1->data, 0, D * H * sizeof (double));
  s = X->data;
  for (i = 0; i < N; i++) {
    for (j = 0; j < D; j++, s++) {
      p = g->dW1->data + j * H;
      t = g->dz1->data + i * H;
      for (k = 0; k < H; k++)
        *p++ += *s * *t++;
    }
  }
  p = g->dW1->data;
  s = net->W1->data;
  for (k = 0; k < D * H; k++)
    *p++ += 2.0 * reg * *s++;

  /* 7. db1 = sum of the rows of dz1 */
  memset (g->db1->data, 0, H * sizeof (double));
  s = g->dz1->data;
  for (i = 0; i < N; i++) {
    p = g->db1->data;
    for (j = 0; j < H; j++)
      *p++ += *s++;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
