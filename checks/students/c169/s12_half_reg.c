/* Two-layer net, backward.
 * Wen (A) and Xavier (B).
 * helpers at the top, main function below.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* regularisation gradient: d/dW of reg*|W|^2 */
static void
reg_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c, gsl_matrix_get (dW, r, c) + reg * gsl_matrix_get (W, r, c));
}

/* sum the rows of M into v */
static void
sum_rows (const gsl_matrix *M, gsl_vector *v)
{
  size_t r;
  gsl_vector_set_zero (v);
  for (r = 0; r < M->size1; r++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (M, r);
      gsl_vector_add (v, &row.vector);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2, 3 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  reg_grad (g->dW2, net->W2, reg);
  sum_rows (g->dz2, g->db2);

  /* 4 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5 -- B: copy then zero out */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (!(gsl_matrix_get (cache->z1, i, j) > 0))
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* 6, 7 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  reg_grad (g->dW1, net->W1, reg);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
