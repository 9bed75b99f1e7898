/* backward.c -- CS 189 HW6 (C port of the numpy two-layer net)
 *
 * Maya Goldberg:  softmax + second layer + the L2 helper at the end
 * Tariq Rahman:   first layer
 *
 * Maya: weights decay is applied in one place, l2_grad() at the bottom,
 *       for W2 and for W1.
 * tariq - dW1 = X^T dz1 + 2*reg*W1 done with dgemm (beta = 2 reg on a
 *         copy of W1), saves a loop
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Maya: dW <- dW + 2 reg W */
static void
l2_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t a, b;
  for (a = 0; a < W->size1; a++)
    for (b = 0; b < W->size2; b++)
      gsl_matrix_set (dW, a, b,
                      gsl_matrix_get (dW, a, b) + 2.0 * reg * gsl_matrix_get (W, a, b));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- Maya ---- */
  // dscores
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0))
                      / (double) N);

  // dW2 = hidden^T dscores   (decay added at the end)
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  // db2
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  // dhidden = dscores W2^T
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* ---- tariq ---- */
  {
    gsl_matrix_view dz1 = gsl_matrix_submatrix (g->dz1, 0, 0, N, H);

    gsl_matrix_memcpy (&dz1.matrix, g->dp1);
    for (i = 0; i < N; i++)
      for (j = 0; j < H; j++)
        if (gsl_matrix_get (cache->z1, i, j) <= 0)
          gsl_matrix_set (&dz1.matrix, i, j, 0);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &dz1.matrix,
                    2.0 * reg, g->dW1);

    /* db1 = sum of rows of dz1 */
    gsl_vector_set_zero (g->db1);
    for (i = 0; i < N; i++)
      {
        gsl_vector_const_view r = gsl_matrix_const_row (&dz1.matrix, i);
        gsl_blas_daxpy (1.0, &r.vector, g->db1);
      }
  }

  /* ---- Maya: weight decay, both layers ---- */
  l2_grad (g->dW2, net->W2, reg);
  l2_grad (g->dW1, net->W1, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
