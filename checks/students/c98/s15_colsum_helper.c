/* backward.c -- lab 4, two-layer net
 *
 * Helpers:
 *   grad_w   dW = A^T dZ + 2 reg W
 *   sum_rows v  = sum of the rows of A (bias gradients)
 *   back_w   dA = dZ W^T
 */
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
grad_w (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
        double reg, gsl_matrix *dW)
{
  size_t r, c, n;
  for (r = 0; r < dW->size1; r++)
    for (c = 0; c < dW->size2; c++)
      {
        double s = 0.0;
        for (n = 0; n < A->size1; n++)
          s += AT (A, n, r) * AT (dZ, n, c);
        AT (dW, r, c) = s + 2.0 * reg * AT (W, r, c);
      }
}

static void
sum_rows (const gsl_matrix *A, gsl_vector *v)
{
  size_t r, c;
  for (c = 0; c < A->size2; c++)
    {
      VAT (v, c) = 0.0;
      for (r = 1; r < A->size1; r++)
        VAT (v, c) += AT (A, r, c);
    }
}

static void
back_w (const gsl_matrix *dZ, const gsl_matrix *W, gsl_matrix *dA)
{
  size_t n, r, c;
  for (n = 0; n < dA->size1; n++)
    for (r = 0; r < dA->size2; r++)
      {
        double s = 0.0;
        for (c = 0; c < dZ->size2; c++)
          s += AT (dZ, n, c) * AT (W, r, c);
        AT (dA, n, r) = s;
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, n, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - onehot) / N */
  for (n = 0; n < N; n++)
    for (k = 0; k < net->C; k++)
      AT (g->dz2, n, k) = (AT (cache->prob, n, k) - (y[n] == k)) / (double) N;

  grad_w (cache->p1, g->dz2, net->W2, reg, g->dW2);
  sum_rows (g->dz2, g->db2);
  back_w (g->dz2, net->W2, g->dp1);

  /* relu */
  for (n = 0; n < N; n++)
    for (k = 0; k < net->H; k++)
      AT (g->dz1, n, k) = AT (cache->z1, n, k) > 0.0 ? AT (g->dp1, n, k) : 0.0;

  grad_w (X, g->dz1, net->W1, reg, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
