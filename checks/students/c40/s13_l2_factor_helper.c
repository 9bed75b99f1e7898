/* backward.c -- Homework 4 (backprop), Numerical Methods for Data Science
 *
 * Loss  L = data + R,  data = -(1/N) sum_i log P[i, y_i],
 *                       R    = reg * (||W1||^2 + ||W2||^2)
 * The data part:
 *   dz2 = (P - Y)/N ;  dW2 = p1' dz2 ;  db2 = dz2' 1 ;  dp1 = dz2 W2'
 *   dz1 = dp1 .* [z1 > 0] ;  dW1 = X' dz1 ;  db1 = dz1' 1
 * The penalty part only touches the weights: dR/dW = reg * W.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW += dR/dW, one row at a time with daxpy */
static void
add_reg_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r;
  for (r = 0; r < W->size1; r++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (W, r);
      gsl_vector_view dw = gsl_matrix_row (dW, r);
      gsl_blas_daxpy (reg, &w.vector, &dw.vector);
    }
}

static void
column_sums (const gsl_matrix *A, gsl_vector *s)
{
  gsl_vector *one = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (one, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, one, 0.0, s);
  gsl_vector_free (one);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;

  /* output */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_reg_grad (g->dW2, net->W2, reg);
  column_sums (g->dz2, g->db2);

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_reg_grad (g->dW1, net->W1, reg);
  column_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
