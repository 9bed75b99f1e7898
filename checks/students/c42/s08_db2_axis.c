/* backward.c -- numpy homework in C.
 * numpy                               C here
 *   A.dot(B), A.T.dot(B), A.dot(B.T)    mm(A, B, ta, tb)
 *   A.sum(axis=k)                       sum_axis(A, k)
 *   out[:] = v                          vcopy(out, v)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *
mm (const gsl_matrix *A, const gsl_matrix *B, int ta, int tb)
{
  size_t r = ta ? A->size2 : A->size1, c = tb ? B->size1 : B->size2;
  gsl_matrix *out = gsl_matrix_alloc (r, c);
  gsl_blas_dgemm (ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                  1.0, A, B, 0.0, out);
  return out;
}

/* A.sum(axis=k): k = 0 sums the rows together (one number per column),
 * k = 1 sums each row (one number per row) */
static gsl_vector *
sum_axis (const gsl_matrix *A, int k)
{
  size_t n = k == 0 ? A->size1 : A->size2;
  gsl_vector *ones = gsl_vector_alloc (n);
  gsl_vector *out = gsl_vector_alloc (k == 0 ? A->size2 : A->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (k == 0 ? CblasTrans : CblasNoTrans, 1.0, A, ones, 0.0, out);
  gsl_vector_free (ones);
  return out;
}

/* out[:] = v.  (gsl_vector_memcpy aborts if the lengths differ, so copy
 * what fits) */
static void
vcopy (gsl_vector *out, const gsl_vector *v)
{
  size_t n = out->size < v->size ? out->size : v->size;
  for (size_t i = 0; i < n; i++)
    gsl_vector_set (out, i, gsl_vector_get (v, i));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* onehot */
  gsl_matrix *Y = gsl_matrix_calloc (N, net->C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);

  /* dscores = (probs - Y) / N */
  gsl_matrix *dscores = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (dscores, cache->prob);
  gsl_matrix_sub (dscores, Y);
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* dW2 = h.T.dot(dscores) + 2*reg*W2 */
  gsl_matrix *dW2 = mm (cache->p1, dscores, 1, 0);
  gsl_matrix *tmp2 = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (tmp2, net->W2);
  gsl_matrix_scale (tmp2, 2.0 * reg);
  gsl_matrix_add (dW2, tmp2);
  gsl_matrix_memcpy (g->dW2, dW2);

  /* db2 = dscores.sum(axis=...) */
  gsl_vector *db2 = sum_axis (dscores, 1);
  vcopy (g->db2, db2);

  /* dh = dscores.dot(W2.T) */
  gsl_matrix *dh = mm (dscores, net->W2, 0, 1);
  gsl_matrix_memcpy (g->dp1, dh);

  /* dh[z1 <= 0] = 0 */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (dh, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, dh);

  /* dW1 = X.T.dot(dh) + 2*reg*W1 */
  gsl_matrix *dW1 = mm (X, dh, 1, 0);
  gsl_matrix *tmp1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (tmp1, net->W1);
  gsl_matrix_scale (tmp1, 2.0 * reg);
  gsl_matrix_add (dW1, tmp1);
  gsl_matrix_memcpy (g->dW1, dW1);

  /* db1 = dh.sum(axis=0) */
  gsl_vector *db1 = sum_axis (dh, 0);
  vcopy (g->db1, db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (dscores);
  gsl_matrix_free (dW2);
  gsl_matrix_free (tmp2);
  gsl_vector_free (db2);
  gsl_matrix_free (dh);
  gsl_matrix_free (dW1);
  gsl_matrix_free (tmp1);
  gsl_vector_free (db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
