/* backward.c -- TwoLayerNet backward, numpy style in C.
 *
 *   dscores   = probs - onehot          # (N, C)
 *   dscores_N = dscores / N             # the loss is a mean
 *   grads_W2  = hidden.T @ dscores_N + 2 * reg * W2
 *   grads_b2  = dscores_N.sum(axis=0)
 *   dhidden   = dscores_N @ W2.T
 *   dhidden[z1 <= 0] = 0
 *   grads_W1  = X.T @ dhidden + 2 * reg * W1
 *   grads_b1  = dhidden.sum(axis=0)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* A @ B, with A.T if tA and B.T if tB */
static gsl_matrix *
matmul (const gsl_matrix *A, const gsl_matrix *B, int tA, int tB)
{
  size_t r = tA ? A->size2 : A->size1;
  size_t c = tB ? B->size1 : B->size2;
  gsl_matrix *out = gsl_matrix_calloc (r, c);
  gsl_blas_dgemm (tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans,
                  1.0, A, B, 0.0, out);
  return out;
}

/* new matrix s * A */
static gsl_matrix *
scale (const gsl_matrix *A, double s)
{
  gsl_matrix *out = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (out, A);
  gsl_matrix_scale (out, s);
  return out;
}

/* A += B */
static void
add_inplace (gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix_add (A, B);
}

/* A.sum(axis=0) -> out */
static void
sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  size_t i;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &row.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *onehot = gsl_matrix_calloc (N, net->C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);

  gsl_matrix *dscores = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (dscores, cache->prob);
  gsl_matrix_sub (dscores, onehot);
  gsl_matrix *dscores_N = scale (dscores, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, dscores_N);

  gsl_matrix *grads_W2 = matmul (cache->p1, dscores_N, 1, 0);
  gsl_matrix *reg_W2 = scale (net->W2, 2 * reg);
  add_inplace (grads_W2, reg_W2);
  gsl_matrix_memcpy (g->dW2, grads_W2);
  sum_axis0 (dscores_N, g->db2);

  gsl_matrix *dhidden = matmul (dscores, net->W2, 0, 1);
  gsl_matrix_memcpy (g->dp1, dhidden);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (dhidden, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, dhidden);

  gsl_matrix *grads_W1 = matmul (X, dhidden, 1, 0);
  gsl_matrix *reg_W1 = scale (net->W1, 2 * reg);
  add_inplace (grads_W1, reg_W1);
  gsl_matrix_memcpy (g->dW1, grads_W1);
  sum_axis0 (dhidden, g->db1);

  gsl_matrix_free (onehot);
  gsl_matrix_free (dscores);
  gsl_matrix_free (dscores_N);
  gsl_matrix_free (grads_W2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (grads_W1);

  g->present = BP_GRADS_ALL;
  return 0;
}
