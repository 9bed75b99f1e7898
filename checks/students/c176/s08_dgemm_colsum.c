/* backward.c -- two layer net
 *
 * Everything through dgemm.  Transposes are made explicitly (W2t, p1t, Xt)
 * because that is how I think about it: dW2' = dz2' p1, dp1 = dz2 W2'.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
colsum (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      *gsl_vector_ptr (out, j) += gsl_matrix_get (A, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
  gsl_matrix *W2t, *dW2t, *Xt;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  W2t = gsl_matrix_alloc (C, H);
  dW2t = gsl_matrix_alloc (C, H);
  Xt = gsl_matrix_alloc (D, N);
  gsl_matrix_transpose_memcpy (W2t, net->W2);
  gsl_matrix_transpose_memcpy (Xt, X);

  /* 1. dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2. dW2' = dz2' p1 + 2 reg W2'  -> (C, H) */
  gsl_matrix_memcpy (dW2t, W2t);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz2, cache->p1,
                  2.0 * reg, dW2t);
  gsl_matrix_transpose_memcpy (g->dW2, dW2t);

  /* 3. db2 */
  colsum (g->dz2, g->db2);

  /* 4. dp1 = dz2 W2'  (N,C)(C,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, dW2t, 0.0, g->dp1);

  /* 5. dz1 = dp1 where z1 > 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* 6. dW1 = X' dz1 + 2 reg W1  (D,N)(N,H) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, Xt, g->dz1, 2.0 * reg,
                  g->dW1);

  /* 7. db1 */
  colsum (g->dz1, g->db1);

  gsl_matrix_free (W2t);
  gsl_matrix_free (dW2t);
  gsl_matrix_free (Xt);
  g->present = BP_GRADS_ALL;
  return 0;
}
