/* backward.c -- backward pass for the 2-layer net (hw2).
 * Port of my numpy code.  numpy did the broadcasting, here it is done
 * with small helpers. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A B */
static void
matmul (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
}

static gsl_matrix *
transpose_alloc (const gsl_matrix *A)
{
  gsl_matrix *At = gsl_matrix_alloc (A->size2, A->size1);
  gsl_matrix_transpose_memcpy (At, A);
  return At;
}

/* column sums, like .sum(axis=0) */
static void
sum_cols (const gsl_matrix *A, gsl_vector *s)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double acc = 0.0;
      for (i = 0; i < A->size1; i++)
        acc += gsl_matrix_get (A, i, j);
      gsl_vector_set (s, j, acc);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;
  gsl_matrix *dscores = g->dz2;
  gsl_matrix *hidden_T, *W2_T, *X_T, *reg_term;

  /* dscores = probs; dscores[range(N),y] -= 1 */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1);
  /* dscores /= N */
  gsl_matrix_scale (dscores, 1 / N);

  /* dW2 = hidden.T dot dscores + 2 reg W2 */
  hidden_T = transpose_alloc (cache->p1);
  matmul (hidden_T, dscores, g->dW2);
  reg_term = gsl_matrix_alloc (H, net->C);
  gsl_matrix_memcpy (reg_term, net->W2);
  gsl_matrix_scale (reg_term, 2 * reg);
  gsl_matrix_add (g->dW2, reg_term);
  gsl_matrix_free (reg_term);
  /* db2 = dscores.sum(axis=0) */
  sum_cols (dscores, g->db2);

  /* dhidden = dscores dot W2.T */
  W2_T = transpose_alloc (net->W2);
  matmul (dscores, W2_T, g->dp1);

  /* relu backward */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X.T dot dhidden + 2 reg W1 */
  X_T = transpose_alloc (X);
  matmul (X_T, g->dz1, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2 * reg * gsl_matrix_get (net->W1, i, j));
  sum_cols (g->dz1, g->db1);

  gsl_matrix_free (hidden_T);
  gsl_matrix_free (W2_T);
  gsl_matrix_free (X_T);
  g->present = BP_GRADS_ALL;
  return 0;
}
