/*
 * backward.c
 * -----------
 * Hidden layer gradients use small helpers; the rest is inline.
 * reg term: d/dW reg*|W|^2 = 2*reg*W  (added to both weight grads)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B (new matrix) */
static gsl_matrix *
np_dot_at (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *out = gsl_matrix_alloc (A->size2, B->size2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
  return out;
}

static void
np_sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dW2, *dW1, *reg_W2;

  if (N != cache->N || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (j == y[i])) / N);

  dW2 = np_dot_at (cache->p1, g->dz2);
  reg_W2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (reg_W2, net->W2);
  gsl_matrix_scale (reg_W2, 2 * reg);
  gsl_matrix_add (dW2, reg_W2);
  gsl_matrix_memcpy (g->dW2, dW2);
  gsl_matrix_free (reg_W2);
  gsl_matrix_free (dW2);

  np_sum_axis0 (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  dW1 = np_dot_at (X, g->dz1);
  gsl_matrix_memcpy (g->dW1, dW1);
  gsl_matrix_free (dW1);

  np_sum_axis0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
