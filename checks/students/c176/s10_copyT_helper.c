/* backward.c
 * Me: I compute the gradients "column style" into transposed scratch
 * (dz2t: C x N, dW2t: C x H, dp1t/dz1t: H x N) and copy_T them back
 * into g at the end.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dst (r x c) = transpose of src, src stored contiguously as c x r */
static void
copy_T (gsl_matrix *dst, const double *src)
{
  size_t i, j, r = dst->size1, c = dst->size2;
  for (i = 0; i < r; i++)
    for (j = 0; j < c; j++)
      gsl_matrix_set (dst, i, j, src[j * r + i]);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix *dz2t = gsl_matrix_alloc (C, N);
  gsl_matrix *dW2t = gsl_matrix_alloc (C, H);
  gsl_matrix *dp1t = gsl_matrix_alloc (H, N);
  gsl_matrix *dz1t = gsl_matrix_alloc (H, N);
  gsl_matrix *dW1t = gsl_matrix_alloc (D, H);

  /* dz2t */
  for (k = 0; k < C; k++)
    for (i = 0; i < N; i++)
      gsl_matrix_set (dz2t, k, i, (gsl_matrix_get (cache->prob, i, k)
                                   - (y[i] == k ? 1.0 : 0.0)) / N);

  /* dW2t = dz2t p1 + 2 reg W2' */
  for (k = 0; k < C; k++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (dW2t, k, j, 2.0 * reg * gsl_matrix_get (net->W2, j, k));
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dz2t, cache->p1, 1.0, dW2t);

  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz2t, k, i);
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1t = W2 dz2t */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, net->W2, dz2t, 0.0, dp1t);

  /* relu */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      gsl_matrix_set (dz1t, j, i, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (dp1t, j, i) : 0.0);

  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz1t, j, i);
      gsl_vector_set (g->db1, j, s);
    }

  /* dW1 = X' dz1 with the Trans flag (dz1 = dz1t'), plus reg */
  gsl_matrix_memcpy (dW1t, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasTrans, 1.0, X, dz1t, 2.0 * reg, dW1t);

  /* everything back to row layout */
  copy_T (g->dz2, dz2t->data);
  copy_T (g->dW2, dW2t->data);
  copy_T (g->dp1, dp1t->data);
  copy_T (g->dz1, dz1t->data);
  copy_T (g->dW1, dW1t->data);

  gsl_matrix_free (dz2t);
  gsl_matrix_free (dW2t);
  gsl_matrix_free (dp1t);
  gsl_matrix_free (dz1t);
  gsl_matrix_free (dW1t);
  g->present = BP_GRADS_ALL;
  return 0;
}
