/* backward.c -- two layer network, backward pass.
 * R. Castellanos, Numerical Methods for ML, problem set 4.
 *
 * I keep all matrices as flat arrays with the leading dimension given
 * explicitly, like in the BLAS lectures:  A(i,j) = a[IDX(i,j,lda)].
 */
#include "backprop.h"

#define IDX(i, j, ld) ((i) * (ld) + (j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double *x = X->data, *z1 = cache->z1->data, *p1 = cache->p1->data;
  const double *pr = cache->prob->data;
  const double *W1 = net->W1->data, *W2 = net->W2->data;
  double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  double *dp1 = g->dp1->data, *dz1 = g->dz1->data, *dW1 = g->dW1->data;
  double *db1 = g->db1->data;
  const size_t ldx = X->tda, ldz1 = cache->z1->tda, ldp1 = cache->p1->tda;
  const size_t ldpr = cache->prob->tda;
  const size_t ldW1 = net->W1->tda, ldW2 = net->W2->tda;
  size_t i, j, k, n;
  double acc;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* scores gradient */
  for (n = 0; n < N; n++)
    for (j = 0; j < C; j++)
      dz2[IDX (n, j, C)] = (pr[IDX (n, j, ldpr)] - (y[n] == j)) / (double) N;

  /* dW2 (H x C) = p1^T dz2 + 2 reg W2;  j outer, i inner */
  for (j = 0; j < C; j++)
    for (i = 0; i < H; i++)
      {
        acc = 0.0;
        for (n = 0; n < N; n++)
          acc += p1[IDX (n, i, ldp1)] * dz2[IDX (n, j, C)];
        dW2[IDX (j, i, H)] = acc + 2.0 * reg * W2[IDX (i, j, ldW2)];
      }

  /* db2 */
  for (j = 0; j < C; j++)
    {
      acc = 0.0;
      for (n = 0; n < N; n++)
        acc += dz2[IDX (n, j, C)];
      db2[j] = acc;
    }

  /* dp1 = dz2 W2^T, dz1 = relu mask */
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++)
      {
        acc = 0.0;
        for (j = 0; j < C; j++)
          acc += dz2[IDX (n, j, C)] * W2[IDX (i, j, ldW2)];
        dp1[IDX (n, i, H)] = acc;
        dz1[IDX (n, i, H)] = z1[IDX (n, i, ldz1)] > 0.0 ? acc : 0.0;
      }

  /* dW1 (D x H) = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (i = 0; i < H; i++)
      {
        acc = 0.0;
        for (n = 0; n < N; n++)
          acc += x[IDX (n, k, ldx)] * dz1[IDX (n, i, H)];
        dW1[IDX (k, i, H)] = acc + 2.0 * reg * W1[IDX (k, i, ldW1)];
      }

  /* db1 */
  for (i = 0; i < H; i++)
    {
      acc = 0.0;
      for (n = 0; n < N; n++)
        acc += dz1[IDX (n, i, H)];
      db1[i] = acc;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
