/* Youssef Ibrahim - 2nd year - Assignment 3 (backprop)
 * Notation from the old lecture notes:
 *   delta3 : error at the output (dscores)
 *   delta2 : error at the hidden layer
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
bias_sum (const gsl_matrix *d, gsl_vector *b)
{
  size_t r, c;
  for (c = 0; c < d->size2; c++)
  {
    double acc = 0;
    for (r = 0; r < d->size1; r++)
      acc += gsl_matrix_get (d, r, c);
    gsl_vector_set (b, c, acc);
  }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* delta3 = probs - y_onehot  (lecture 7, slide 21) */
  for (n = 0; n < N; n++)
  {
    for (c = 0; c < C; c++)
    {
      double t = (c == y[n]) ? 1.0 : 0.0;
      gsl_matrix_set (g->dz2, n, c, gsl_matrix_get (cache->prob, n, c) - t);
    }
  }

  /* dW2 = p1^T delta3 + 2 reg W2 */
  for (h = 0; h < H; h++)
  {
    for (c = 0; c < C; c++)
    {
      double s = 0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
      gsl_matrix_set (g->dW2, h, c, s + 2 * reg * gsl_matrix_get (net->W2, h, c));
    }
  }
  bias_sum (g->dz2, g->db2);

  /* dp1 = delta3 W2^T */
  for (n = 0; n < N; n++)
  {
    for (h = 0; h < H; h++)
    {
      double s = 0;
      for (c = 0; c < C; c++)
        s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
      gsl_matrix_set (g->dp1, n, h, s);
    }
  }

  /* delta2 = dp1 * relu'(z1) */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h,
                      gsl_matrix_get (cache->z1, n, h) > 0 ? gsl_matrix_get (g->dp1, n, h) : 0);

  /* dW1 = X^T delta2 + 2 reg W1 */
  for (d = 0; d < D; d++)
  {
    for (h = 0; h < H; h++)
    {
      double s = 0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
      gsl_matrix_set (g->dW1, d, h, s + 2 * reg * gsl_matrix_get (net->W1, d, h));
    }
  }
  bias_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
