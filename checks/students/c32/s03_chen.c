/* backward.c  --  Chen Yiming, assignment 2
 *
 * One sample at a time: for each row i I push dz2[i] all the way back
 * and add its share to the weight gradients, like the "per-example"
 * derivation from discussion section.  Raw ->data pointers because the
 * get/set calls were slow in my profiler (probably does not matter).
 */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  const size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* the parameter gradients are sums over samples: start from zero */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      /* dz2 row i */
      for (k = 0; k < C; k++)
        AT (g->dz2, i, k) = (AT (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / (double) N;

      /* second layer, this sample's part */
      for (k = 0; k < C; k++)
        {
          double dk = AT (g->dz2, i, k);
          for (j = 0; j < H; j++)
            AT (g->dW2, j, k) += AT (cache->p1, i, j) * dk;
          g->db2->data[k * g->db2->stride] += dk;
        }

      /* back into the hidden layer, and through the relu right away */
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += AT (g->dz2, i, k) * AT (net->W2, j, k);
          AT (g->dp1, i, j) = s;
          AT (g->dz1, i, j) = AT (cache->z1, i, j) > 0.0 ? s : 0.0;
        }

      /* first layer, this sample's part */
      for (j = 0; j < H; j++)
        {
          double dj = AT (g->dz1, i, j);
          if (dj == 0.0)
            continue;            /* dead unit, nothing to add */
          for (d = 0; d < D; d++)
            AT (g->dW1, d, j) += AT (X, i, d) * dj;
          g->db1->data[j * g->db1->stride] += dj;
        }
    }

  /* L2: derivative of reg*w^2 is reg*2*w, written as (reg+reg)*w */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      AT (g->dW2, j, k) += (reg + reg) * AT (net->W2, j, k);
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      AT (g->dW1, d, j) += (reg + reg) * AT (net->W1, d, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
