/* backward.c -- TP 4 (reseaux de neurones), backward pass of the 2-layer net
 *
 * Binome: L. Marchetti / A. Okafor
 *
 * Notation (as in the lecture):
 *   z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2,  P = softmax(z2)
 *   J  = 1/N sum -log P[i, y_i] + reg (||W1||_F^2 + ||W2||_F^2)
 *
 * We recompute the softmax from the scores ourselves (with the max shift)
 * instead of trusting cache->prob, and we form dW2 transposed (C x H)
 * because dz2^T p1 is the "natural" product when dz2 is seen as C
 * column vectors, then transpose back.  The L2 term of dW1 is folded into
 * beta of the dgemm. */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* P = softmax(Z) row by row, shifted by the row max (no overflow) */
static void
softmax_rows (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    {
      gsl_vector_const_view zi = gsl_matrix_const_row (Z, i);
      gsl_vector_view pi = gsl_matrix_row (P, i);
      double m = gsl_vector_max (&zi.vector), s = 0.0;
      for (size_t j = 0; j < Z->size2; j++)
        {
          double e = exp (gsl_vector_get (&zi.vector, j) - m);
          gsl_vector_set (&pi.vector, j, e);
          s += e;
        }
      gsl_vector_scale (&pi.vector, 1.0 / s);
    }
}

/* B += a A, row by row with daxpy (views, so any tda works) */
static void
mat_axpy (double a, const gsl_matrix *A, gsl_matrix *B)
{
  for (size_t i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view ai = gsl_matrix_const_row (A, i);
      gsl_vector_view bi = gsl_matrix_row (B, i);
      gsl_blas_daxpy (a, &ai.vector, &bi.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  gsl_matrix *dW2t = gsl_matrix_alloc (C, H);
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (softmax(z2) - Y) / N */
  softmax_rows (cache->z2, g->dz2);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2^T = dz2^T p1  (C x H), back to H x C, + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz2, cache->p1, 0.0, dW2t);
  gsl_matrix_transpose_memcpy (g->dW2, dW2t);
  mat_axpy (2.0 * reg, net->W2, g->dW2);

  /* db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* [z1 > 0] */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1  (W1 copied in, penalty as beta) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (dW2t);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
