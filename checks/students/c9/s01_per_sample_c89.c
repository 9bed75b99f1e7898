/* backward.c  --  Lab 4, two-layer net, backward pass
 * M. Okafor, group B
 *
 * I do the backward pass one sample at a time, like in the lecture notes
 * (section 3.2): for every sample n I compute its row of dz2, then its
 * rows of dp1 and dz1, and add the outer products into dW2 and dW1.  The
 * weight decay goes on at the very end, once.
 *
 * I do not trust cache->prob (what if the forward pass overflowed?) so I
 * recompute the softmax of every row of z2 with the max taken out first.
 *
 * Row major: element (i,j) of a gsl matrix A is A->data[i * A->tda + j].
 */

#include <math.h>
#include "backprop.h"

#define IDX(i, j, ld) ((i) * (ld) + (j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* set every gradient to zero, everything below is accumulated */
static void
zero_grads (bp_grads *g)
{
  gsl_matrix_set_zero (g->dz2);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dp1);
  gsl_matrix_set_zero (g->dz1);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N, D, H, C;
  size_t n, i, j, k;
  double mx, s, invN, v;
  const double *x, *z1, *z2, *p1, *W1, *W2;
  double *dz2, *dW2, *db2, *dp1, *dz1, *dW1, *db1;
  size_t ldx, ldz1, ldz2, ldp1, ldW1, ldW2;
  size_t lddz2, lddW2, lddp1, lddz1, lddW1;

  N = X->size1;
  D = net->D;
  H = net->H;
  C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  x = X->data;           ldx = X->tda;
  z1 = cache->z1->data;  ldz1 = cache->z1->tda;
  p1 = cache->p1->data;  ldp1 = cache->p1->tda;
  z2 = cache->z2->data;  ldz2 = cache->z2->tda;
  W1 = net->W1->data;    ldW1 = net->W1->tda;
  W2 = net->W2->data;    ldW2 = net->W2->tda;

  dz2 = g->dz2->data;    lddz2 = g->dz2->tda;
  dW2 = g->dW2->data;    lddW2 = g->dW2->tda;
  db2 = g->db2->data;
  dp1 = g->dp1->data;    lddp1 = g->dp1->tda;
  dz1 = g->dz1->data;    lddz1 = g->dz1->tda;
  dW1 = g->dW1->data;    lddW1 = g->dW1->tda;
  db1 = g->db1->data;

  invN = 1.0 / (double) N;
  zero_grads (g);

  for (n = 0; n < N; n++)
    {
      /* softmax of row n, max subtracted */
      mx = z2[IDX (n, 0, ldz2)];
      for (j = 1; j < C; j++)
        if (z2[IDX (n, j, ldz2)] > mx)
          mx = z2[IDX (n, j, ldz2)];
      s = 0.0;
      for (j = 0; j < C; j++)
        s += exp (z2[IDX (n, j, ldz2)] - mx);

      /* row n of dz2 = (softmax - onehot) / N */
      for (j = 0; j < C; j++)
        {
          v = exp (z2[IDX (n, j, ldz2)] - mx) / s;
          if (j == y[n])
            v -= 1.0;
          dz2[IDX (n, j, lddz2)] = v * invN;
        }

      /* second layer: dW2 += outer(p1_n, dz2_n), db2 += dz2_n */
      for (k = 0; k < H; k++)
        for (j = 0; j < C; j++)
          dW2[IDX (k, j, lddW2)] += p1[IDX (n, k, ldp1)] * dz2[IDX (n, j, lddz2)];
      for (j = 0; j < C; j++)
        db2[j] += dz2[IDX (n, j, lddz2)];

      /* dp1_n = dz2_n W2^T, and through the relu right away */
      for (k = 0; k < H; k++)
        {
          v = 0.0;
          for (j = 0; j < C; j++)
            v += dz2[IDX (n, j, lddz2)] * W2[IDX (k, j, ldW2)];
          dp1[IDX (n, k, lddp1)] = v;
          dz1[IDX (n, k, lddz1)] = (z1[IDX (n, k, ldz1)] > 0.0) ? v : 0.0;
        }

      /* first layer: dW1 += outer(x_n, dz1_n), db1 += dz1_n */
      for (i = 0; i < D; i++)
        for (k = 0; k < H; k++)
          dW1[IDX (i, k, lddW1)] += x[IDX (n, i, ldx)] * dz1[IDX (n, k, lddz1)];
      for (k = 0; k < H; k++)
        db1[k] += dz1[IDX (n, k, lddz1)];
    }

  /* weight decay: d/dW (reg |W|^2) = 2 reg W.  Not on the biases. */
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++)
      dW2[IDX (k, j, lddW2)] += 2.0 * reg * W2[IDX (k, j, ldW2)];
  for (i = 0; i < D; i++)
    for (k = 0; k < H; k++)
      dW1[IDX (i, k, lddW1)] += 2.0 * reg * W1[IDX (i, k, ldW1)];

  g->present = BP_GRADS_ALL;
  return 0;
}
