/*
 * HW1 Q3 -- backward pass, one training example at a time.
 *
 * I find it easier to think about a single example x_i (a row of X), so the
 * outer loop is over the examples and every gradient is accumulated inside
 * it.  Direct ->data indexing because gsl_matrix_get was slow in my
 * profiling (well, it felt slow).  Remember: row i, col j is
 * data[i * tda + j].
 */

#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VEL(v, i) ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, a, b;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* start the weight gradients at the regularization term, the biases at 0;
   * the data terms get added sample by sample below */
  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++)
      EL (g->dW2, a, b) = reg * 2.0 * EL (net->W2, a, b);
  for (a = 0; a < D; a++)
    for (b = 0; b < H; b++)
      EL (g->dW1, a, b) = reg * 2.0 * EL (net->W1, a, b);
  for (b = 0; b < C; b++)
    VEL (g->db2, b) = 0.0;
  for (b = 0; b < H; b++)
    VEL (g->db1, b) = 0.0;

  for (i = 0; i < N; i++)
    {
      /* dL_i/dscores, already with the 1/N of the mean */
      for (b = 0; b < C; b++)
        EL (g->dz2, i, b) = (EL (cache->prob, i, b) - (b == y[i] ? 1.0 : 0.0)) / N;

      /* output layer params */
      for (b = 0; b < C; b++)
        {
          double ds = EL (g->dz2, i, b);
          VEL (g->db2, b) += ds;
          for (a = 0; a < H; a++)
            EL (g->dW2, a, b) += EL (cache->p1, i, a) * ds;
        }

      /* hidden row: dp1_i = W2 dz2_i, then the relu gate */
      for (a = 0; a < H; a++)
        {
          double acc = 0.0;
          for (b = 0; b < C; b++)
            acc += EL (net->W2, a, b) * EL (g->dz2, i, b);
          EL (g->dp1, i, a) = acc;
          EL (g->dz1, i, a) = EL (cache->z1, i, a) > 0.0 ? acc : 0.0;
        }

      /* first layer params */
      for (a = 0; a < H; a++)
        {
          double dh = EL (g->dz1, i, a);
          VEL (g->db1, a) += dh;
          if (dh == 0.0)
            continue;           /* dead unit, nothing to add */
          for (b = 0; b < D; b++)
            EL (g->dW1, b, a) += EL (X, i, b) * dh;
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
