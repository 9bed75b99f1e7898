/*
 * backward.c  (lab 4)
 * Fatima Z.
 *
 * Biases: accumulate the rows of dz into db, so db has to start at zero.
 * Weights: dgemm with beta = 0 overwrites, so those need no zeroing.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C, D = net->D;

  /* start the bias sums from zero */
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db2);

  /* onehot(y) */
  gsl_matrix *Y = gsl_matrix_calloc (N, C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);

  /* dz2 = (prob - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Y);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix *W2r = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (W2r, net->W2);
  gsl_matrix_scale (W2r, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, W2r);

  /* db2 += each row of dz2 */
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 * [z1 > 0] */
  gsl_matrix *G = gsl_matrix_alloc (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (G, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, G);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix *W1r = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (W1r, net->W1);
  gsl_matrix_scale (W1r, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, W1r);

  /* db1 += each row of dz1 */
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  gsl_matrix_free (Y);
  gsl_matrix_free (W2r);
  gsl_matrix_free (W1r);
  gsl_matrix_free (G);
  g->present = BP_GRADS_ALL;
  return 0;
}
