/* backward.c -- Uebung 4, Aufgabe 2: backward pass of the two-layer net.
 *
 * Jonas Bergmann, Matr.-Nr. 3318204
 *
 * Everything that is a matrix product goes through gsl_blas_dgemm, the
 * rest is done with small helpers below.  Shapes as in the handout:
 *   X (N,D)  W1 (D,H)  W2 (H,C)  z1,p1 (N,H)  z2,prob (N,C)
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum_i A[i][j] */
static void
column_sums (const gsl_matrix *A, gsl_vector *out)
{
  size_t i;

  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &row.vector);
    }
}

/* dW += 2 * reg * W   (loss has reg*|W|^2, no 1/2) */
static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;

  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j,
                      gsl_matrix_get (dW, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_l2 (g->dW2, net->W2, reg);

  /* db2 */
  column_sums (g->dz2, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: relu lets through where z1 > 0 */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view zrow = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view prow = gsl_matrix_const_row (g->dp1, i);
      gsl_vector_view out = gsl_matrix_row (g->dz1, i);

      for (j = 0; j < net->H; j++)
        {
          double v = gsl_vector_get (&zrow.vector, j) > 0.0
                     ? gsl_vector_get (&prow.vector, j) : 0.0;
          gsl_vector_set (&out.vector, j, v);
        }
    }

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_l2 (g->dW1, net->W1, reg);

  /* db1 */
  column_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
