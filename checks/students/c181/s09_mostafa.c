/* Mostafa Adel  --  backward for the 2 layer net
 * uses ->data directly with tda (row stride) because get/set was slow
 * on the big cifar run. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* b[j] = sum_n A[n][j] */
static void
bias_grad (const gsl_matrix *A, gsl_vector *b)
{
  size_t n, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (n = 0; n < A->size1; n++)
        s += A->data[n * A->tda + j];
      b->data[j * b->stride] = s;
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;
  double *delta3 = g->dz2->data, *prob = cache->prob->data;
  size_t t3 = g->dz2->tda, tp = cache->prob->tda;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* delta3 */
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        delta3[n * t3 + c] = prob[n * tp + c] / (double) N;
      delta3[n * t3 + y[n]] -= 1.0 / (double) N;
    }

  /* dW2 = p1' delta3 + 2 reg W2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += cache->p1->data[n * cache->p1->tda + h] * delta3[n * t3 + c];
        g->dW2->data[h * g->dW2->tda + c] =
          s + 2.0 * reg * net->W2->data[h * net->W2->tda + c];
      }
  bias_grad (g->dz2, g->db2);

  /* dp1 and delta2 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (c = 0; c < C; c++)
          s += delta3[n * t3 + c] * net->W2->data[h * net->W2->tda + c];
        g->dp1->data[n * g->dp1->tda + h] = s;
        /* relu backward: pass the gradient only where it is positive */
        g->dz1->data[n * g->dz1->tda + h] = s > 0.0 ? s : 0.0;
      }

  /* dW1 = X' delta2 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += X->data[n * X->tda + d] * g->dz1->data[n * g->dz1->tda + h];
        g->dW1->data[d * g->dW1->tda + h] =
          s + 2.0 * reg * net->W1->data[d * net->W1->tda + h];
      }
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
