/* Backward pass of the two-layer net.
   Macros first, one per array; row stride is tda for everything. */

#include "backprop.h"

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

#define x_(i,d)    X->data[(i) * X->tda + (d)]
#define w1_(d,j)   net->W1->data[(d) * net->W1->tda + (j)]
#define w2_(j,k)   net->W2->data[(j) * net->W2->tda + (k)]
#define z1_(i,j)   cache->z1->data[(i) * cache->z1->tda + (j)]
#define p1_(i,j)   cache->p1->data[(i) * cache->p1->tda + (j)]
#define pr_(i,k)   cache->prob->data[(i) * cache->prob->tda + (k)]

#define dz2_(i,k)  g->dz2->data[(i) * g->dz2->tda + (k)]
#define dw2_(j,k)  g->dW2->data[(j) * g->dW2->tda + (k)]
#define db2_(k)    g->db2->data[(k) * g->db2->stride]
#define dp1_(i,j)  g->dp1->data[(i) * g->dp1->tda + (j)]
#define dz1_(i,j)  g->dz1->data[(i) * g->dz1->tda + (j)]
#define dw1_(d,j)  g->dW1->data[(d) * g->dW1->tda + (j)]
#define db1_(j)    g->db1->data[(j) * g->db1->stride]

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* clear the parameter gradients, we accumulate into them */
  gsl_vector_set_zero (g->dtheta);

  /* dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double t = pr_ (i, k);
        if (k == y[i])
          t -= 1.0;
        dz2_ (i, k) = t / (double) N;
      }

  /* dW2 and db2, one sample at a time */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        db2_ (k) += dz2_ (i, k);
        for (j = 0; j < H; j++)
          dw2_ (j, k) += p1_ (i, j) * dz2_ (i, k);
      }
  /* regularisation: d/dW (reg * W^2) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      dw2_ (j, k) += reg * w2_ (j, k);

  /* dp1 = dz2 . W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        dp1_ (i, j) = 0.0;
        for (k = 0; k < C; k++)
          dp1_ (i, j) += dz2_ (i, k) * w2_ (j, k);
      }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      dz1_ (i, j) = z1_ (i, j) > 0 ? dp1_ (i, j) : 0.0;

  /* dW1 and db1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        db1_ (j) += dz1_ (i, j);
        for (d = 0; d < D; d++)
          dw1_ (d, j) += x_ (i, d) * dz1_ (i, j);
      }
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      dw1_ (d, j) += 2.0 * reg * w1_ (d, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
