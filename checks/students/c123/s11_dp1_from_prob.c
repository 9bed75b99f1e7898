/* backward.c -- Assignment 3: backprop through the two layer network.
 *
 * Plan (from the lecture 6 slides):
 *   scores -> second affine layer -> relu -> first affine layer
 * The products are done with gsl_blas_dgemm; the bias gradients by adding
 * up the rows with gsl_vector_add on row views.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples = X->size1;
  size_t num_hidden = net->H;
  size_t row, col;

  if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
    return 1;

  /* --- gradient of the softmax loss w.r.t. the scores ---
   * copy the probabilities, subtract one at the correct label, divide by
   * the batch size because the loss is averaged */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (row = 0; row < num_samples; row++)
    {
      double *correct_entry = gsl_matrix_ptr (g->dz2, row, y[row]);
      *correct_entry -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) num_samples);

  /* --- second affine layer --- */
  /* grad_weights_2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* grad_bias_2 = sum of the rows of dz2 */
  gsl_vector_set_zero (g->db2);
  for (row = 0; row < num_samples; row++)
    {
      gsl_vector_view score_row = gsl_matrix_row (g->dz2, row);
      gsl_vector_add (g->db2, &score_row.vector);
    }

  /* grad_hidden_activation = (output of softmax) * W2^T, (N,C) x (C,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2, 0.0,
                  g->dp1);

  /* --- relu --- */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (row = 0; row < num_samples; row++)
    for (col = 0; col < num_hidden; col++)
      if (!(gsl_matrix_get (cache->z1, row, col) > 0.0))
        gsl_matrix_set (g->dz1, row, col, 0.0);

  /* --- first affine layer --- */
  /* grad_weights_1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* grad_bias_1 = sum of the rows of dz1 */
  gsl_vector_set_zero (g->db1);
  for (row = 0; row < num_samples; row++)
    {
      gsl_vector_view hidden_row = gsl_matrix_row (g->dz1, row);
      gsl_vector_add (g->db1, &hidden_row.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
