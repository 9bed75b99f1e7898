/* CS-ML homework 3: backward pass.
 * I index ->data directly with the tda (row stride), through a macro,
 * and keep the matrix product in one helper used twice. */

#include <string.h>
#include "backprop.h"

#define AT(M, r, c) ((M)->data[(r) * (M)->tda + (c)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B + 2 reg W   (A is N x K, B is N x M, out and W are K x M) */
static void
at_b_plus_reg (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
               double reg, gsl_matrix *out)
{
  size_t r, c, n;
  for (r = 0; r < out->size1; r++)
    for (c = 0; c < out->size2; c++)
      {
        double acc = 0.0;
        for (n = 0; n < A->size1; n++)
          acc += AT (A, n, r) * AT (B, n, c);
        AT (out, r, c) = acc + 2.0 * reg * AT (W, r, c);
      }
}

/* v = sum of the rows of A */
static void
sum_rows (const gsl_matrix *A, gsl_vector *v)
{
  size_t r, c;
  for (c = 0; c < A->size2; c++)
    v->data[c * v->stride] = 0.0;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      v->data[c * v->stride] += AT (A, r, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores gradient */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      AT (g->dz2, i, k) = (AT (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / (double) N;

  at_b_plus_reg (cache->p1, g->dz2, net->W2, reg, g->dW2);
  sum_rows (g->dz2, g->db2);

  /* dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < C; k++)
          acc += AT (g->dz2, i, k) * AT (net->W2, j, k);
        AT (g->dp1, i, j) = acc;
      }

  /* relu: copy dp1 and zero the dead units in place */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (AT (cache->z1, i, j) <= 0.0)
        AT (g->dz1, i, j) = 0.0;

  at_b_plus_reg (X, g->dz1, net->W1, reg, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
