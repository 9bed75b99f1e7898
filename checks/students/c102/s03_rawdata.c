/* backward pass, hw 3
 * I index ->data directly (row i, col j is data[i*tda + j]) because
 * gsl_matrix_get was slow in hw 2.  Two helpers for the matrix products. */

#include "backprop.h"

/* C = A^T B   A (n,a)  B (n,b)  C (a,b) */
static void
mul_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t n = A->size1, a = A->size2, b = B->size2, i, r, c;
  for (r = 0; r < a; r++)
    for (c = 0; c < b; c++) {
      double acc = 0.0;
      for (i = 0; i < n; i++)
        acc += A->data[i * A->tda + r] * B->data[i * B->tda + c];
      C->data[r * C->tda + c] = acc;
    }
}

/* out = sum of the rows of A */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++) {
    double acc = 0.0;
    for (i = 0; i < A->size1; i++)
      acc += A->data[i * A->tda + j];
    out->data[j * out->stride] = acc;
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j, k;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      dz2->data[i * dz2->tda + k] = (cache->prob->data[i * cache->prob->tda + k]
                                     - (k == y[i] ? 1.0 : 0.0)) / (double) N;

  mul_tn (cache->p1, dz2, g->dW2);
  gsl_matrix_scale (g->dW2, 1.0);          /* leftover, harmless */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      g->dW2->data[j * g->dW2->tda + k] += 2 * reg * net->W2->data[j * net->W2->tda + k];

  sum_rows (dz2, g->db2);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double acc = 0.0;
      for (k = 0; k < C; k++)
        acc += dz2->data[i * dz2->tda + k] * net->W2->data[j * net->W2->tda + k];
      dp1->data[i * dp1->tda + j] = acc;
    }

  /* relu backward in place: copy, then kill where z1 was not positive */
  gsl_matrix_memcpy (dz1, dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (!(cache->z1->data[i * cache->z1->tda + j] > 0))
        dz1->data[i * dz1->tda + j] = 0.0;

  mul_tn (X, dz1, g->dW1);
  for (k = 0; k < net->D; k++)
    for (j = 0; j < H; j++)
      g->dW1->data[k * g->dW1->tda + j] += 2 * reg * net->W1->data[k * net->W1->tda + j];

  sum_rows (dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
