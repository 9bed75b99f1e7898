/* backward.c -- backward pass, HW1
 *
 * All indexing straight into ->data.  The arrays gradcheck gives us are
 * contiguous (tda == number of columns) but I use tda anyway.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;
  gsl_matrix *dW1 = g->dW1, *dW2 = g->dW2;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  const gsl_matrix *P = cache->prob, *A1 = cache->p1;

  /* step 1: dz2 = (P - Y)/N */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        dz2->data[i * dz2->tda + j] = P->data[i * P->tda + j] / N;
      dz2->data[i * dz2->tda + y[i]] -= 1.0 / N;
    }

  /* step 2: dW2 = A1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += A1->data[i * A1->tda + j] * dz2->data[i * dz2->tda + k];
        dW2->data[j * dW2->tda + k] = s + 2 * reg * W2->data[j * W2->tda + k];
      }

  /* step 3: db2 */
  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += dz2->data[i * dz2->tda + k];
      g->db2->data[k * g->db2->stride] = s;
    }

  /* step 4: dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += dz2->data[i * dz2->tda + k] * W2->data[j * W2->tda + k];
        dp1->data[i * dp1->tda + j] = s;
      }

  /* step 5: relu backward -- let the positive part through */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double v = dp1->data[i * dp1->tda + j];
        dz1->data[i * dz1->tda + j] = v > 0 ? v : 0;
      }

  /* step 6: dW1 = X^T dz1 + 2 reg W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < N; k++)
          s += X->data[k * X->tda + i] * dz1->data[k * dz1->tda + j];
        dW1->data[i * dW1->tda + j] = s + 2 * reg * W1->data[i * W1->tda + j];
      }

  /* step 7: db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += dz1->data[i * dz1->tda + j];
      g->db1->data[j * g->db1->stride] = s;
    }

  (void) A1;
  g->present = BP_GRADS_ALL;
  return 0;
}
