/* backward.c -- HW3
 *
 * the two bias gradients go through sum_rows(), which adds the rows of a
 * matrix into a (static, preallocated) vector.  Static workspaces:
 *   bsum2 (C), bsum1 (H), dH (N x H)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_vector *bsum2, *bsum1;
static gsl_matrix *dH;

/* out[j] = sum_i A[i][j] */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t i;
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &row.vector);
    }
}

static gsl_vector *
vec_for (gsl_vector *v, size_t n)
{
  if (v != NULL && v->size == n)
    return v;
  gsl_vector_free (v);
  return gsl_vector_calloc (n);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  bsum2 = vec_for (bsum2, C);
  bsum1 = vec_for (bsum1, H);
  if (dH == NULL || dH->size1 != N || dH->size2 != H)
    {
      gsl_matrix_free (dH);
      dH = gsl_matrix_alloc (N, H);
    }

  /* dz2 = (softmax - onehot) / N, computed in g directly */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  sum_rows (g->dz2, bsum2);
  gsl_vector_memcpy (g->db2, bsum2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, dH);
  gsl_matrix_memcpy (g->dp1, dH);

  /* relu backward */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (dH, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, dH);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dH, 2.0 * reg, g->dW1);

  sum_rows (dH, bsum1);
  gsl_vector_memcpy (g->db1, bsum1);

  g->present = BP_GRADS_ALL;
  return 0;
}
