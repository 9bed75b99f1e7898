/* backward.c -- assignment 2, part 3 (two-layer net, backward pass)
 * Anna Kowalczyk
 *
 * I leave out the 1/N while going backwards and divide everything by N
 * at the very end; it was easier to check the shapes on paper that way.
 * The L2 part is added after the division since it is not averaged.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = sum of the rows of A */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t i;

  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &r.vector);
    }
}

/* dW += a * W, entry by entry (no gsl_matrix_axpy in my GSL?) */
static void
add_scaled (gsl_matrix *dW, const gsl_matrix *W, double a)
{
  size_t i, j;

  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j,
                      gsl_matrix_get (dW, i, j) + a * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = prob - onehot(y)   (the /N comes later) */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* 2.-4. second layer: dW2 = p1' dz2, db2 = sum of rows, dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  sum_rows (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. relu: pass the gradient only where z1 was positive */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* 6.-7. first layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  sum_rows (g->dz1, g->db1);

  /* now divide everything by N (the loss is a mean) */
  const double invN = 1.0 / (double) N;
  gsl_matrix_scale (g->dz2, invN);
  gsl_matrix_scale (g->dW2, invN);
  gsl_vector_scale (g->db2, invN);
  gsl_matrix_scale (g->dp1, invN);
  gsl_matrix_scale (g->dz1, invN);
  gsl_matrix_scale (g->dW1, invN);
  gsl_vector_scale (g->db1, invN);

  /* regularisation: d/dW of reg*|W|^2 is 2*reg*W (no 0.5 in our loss) */
  add_scaled (g->dW2, net->W2, 2.0 * reg);
  add_scaled (g->dW1, net->W1, 2.0 * reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
