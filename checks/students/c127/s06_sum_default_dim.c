/* backward.c  --  HW4 part 2
 *
 * probs = exp(scores) ./ repmat(sum(exp(scores)), N, 1)
 * (I don't trust the cached prob, I had NaNs in MATLAB before I shifted by
 *  the max, so I recompute it here with the shift.)
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* MATLAB sum(A): sum of every column, result has A->size2 entries */
static void
sum_cols (const gsl_matrix *A, gsl_vector *out)
{
  size_t r, c;
  gsl_vector_set_zero (out);
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      out->data[c * out->stride] += gsl_matrix_get (A, r, c);
}

/* MATLAB repmat(v, n, 1): every row of out is v */
static void
repmat_rows (const gsl_vector *v, gsl_matrix *out)
{
  size_t r;
  for (r = 0; r < out->size1; r++)
    {
      gsl_vector_view row = gsl_matrix_row (out, r);
      gsl_vector_memcpy (&row.vector, v);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, H = net->H, r, c;
  gsl_matrix *ex, *den;
  gsl_vector *s, *onesN;
  double mx;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ex = gsl_matrix_alloc (N, C);
  den = gsl_matrix_alloc (N, C);
  s = gsl_vector_alloc (C);
  onesN = gsl_vector_alloc (N);
  gsl_vector_set_all (onesN, 1.0);

  /* exp(scores - max) */
  mx = gsl_matrix_max (cache->z2);
  for (r = 0; r < N; r++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (ex, r, c, exp (gsl_matrix_get (cache->z2, r, c) - mx));

  sum_cols (ex, s);
  repmat_rows (s, den);
  gsl_matrix_div_elements (ex, den);

  /* dscores = (probs - onehot) / N */
  for (r = 0; r < N; r++)
    {
      gsl_matrix_set (ex, r, y[r], gsl_matrix_get (ex, r, y[r]) - 1.0);
    }
  gsl_matrix_scale (ex, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, ex);

  /* layer 2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, onesN, 0.0, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (r = 0; r < N; r++)
    for (c = 0; c < H; c++)
      gsl_matrix_set (g->dz1, r, c,
                      gsl_matrix_get (cache->z1, r, c) <= 0 ? 0.0 : gsl_matrix_get (g->dp1, r, c));

  /* layer 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, onesN, 0.0, g->db1);

  gsl_matrix_free (ex);
  gsl_matrix_free (den);
  gsl_vector_free (s);
  gsl_vector_free (onesN);
  g->present = BP_GRADS_ALL;
  return 0;
}
