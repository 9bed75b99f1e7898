/* backward.c -- the four equations of backpropagation (Nielsen, ch. 2)
 *
 *   (BP1)  delta^L = grad_a C (.) sigma'(z^L)   -> softmax + CE: a^L - y
 *   (BP2)  delta^l = ((w^{l+1})^T delta^{l+1}) (.) sigma'(z^l)
 *   (BP3)  dC/db^l_j  = delta^l_j
 *   (BP4)  dC/dw^l_jk = a^{l-1}_k delta^l_j
 *
 * per training example, summed over the batch; the mean's 1/N goes into
 * delta^L right away.  Matrices through ->data with the row length tda.
 */

#include "backprop.h"

#define AT(m, r, c) ((m)->data[(r) * (m)->tda + (c)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const gsl_matrix *w2 = net->W2, *w1 = net->W1;
  size_t n, j, k, i;

  gsl_vector_set_zero (g->dtheta);      /* dW1, db1, dW2, db2 */

  for (n = 0; n < N; n++)
    {
      /* (BP1) */
      for (j = 0; j < C; j++)
        AT (g->dz2, n, j) = (AT (cache->prob, n, j) - (j == y[n] ? 1.0 : 0.0))
                            / (double) N;

      /* (BP2): (w^2)^T delta^2, then relu'(z1) */
      for (j = 0; j < H; j++)
        {
          double sum = 0.0;
          for (k = 0; k < C; k++)
            sum += AT (w2, k, j) * AT (g->dz2, n, k);
          AT (g->dp1, n, j) = sum;
          AT (g->dz1, n, j) = AT (cache->z1, n, j) > 0.0 ? sum : 0.0;
        }

      /* (BP3), (BP4) */
      for (k = 0; k < H; k++)
        for (j = 0; j < C; j++)
          AT (g->dW2, k, j) += AT (cache->p1, n, k) * AT (g->dz2, n, j);
      for (j = 0; j < C; j++)
        g->db2->data[j * g->db2->stride] += AT (g->dz2, n, j);
      for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
          AT (g->dW1, k, j) += AT (X, n, k) * AT (g->dz1, n, j);
      for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] += AT (g->dz1, n, j);
    }

  /* weight decay */
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++)
      AT (g->dW2, k, j) += 2.0 * reg * AT (w2, k, j);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      AT (g->dW1, i, j) += 2.0 * reg * AT (w1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
