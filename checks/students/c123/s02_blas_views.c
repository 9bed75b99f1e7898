/* backward.c -- two layer net, backward pass, using BLAS where I could.
 *
 * Matrix products go through gsl_blas_dgemm.  The bias gradients are
 * column sums, which I do as a matrix-vector product with a vector of ones
 * (ones^T * A), like the lecture slides suggested.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t num_samples = X->size1;
  const size_t num_hidden = net->H;
  gsl_matrix *grad_scores = g->dz2;
  gsl_matrix *grad_hidden_activation = g->dp1;
  gsl_matrix *grad_hidden_preactivation = g->dz1;
  gsl_vector *ones_over_samples;
  size_t sample, hidden;

  if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
    return 1;

  ones_over_samples = gsl_vector_alloc (num_samples);
  if (ones_over_samples == NULL)
    return 1;
  gsl_vector_set_all (ones_over_samples, 1.0);

  /* dL/dscores = (softmax - onehot) / N.  Start from a copy of the
   * probabilities, knock 1 off the true class, then scale the lot. */
  gsl_matrix_memcpy (grad_scores, cache->prob);
  for (sample = 0; sample < num_samples; sample++)
    {
      double p_correct = gsl_matrix_get (grad_scores, sample, y[sample]);
      gsl_matrix_set (grad_scores, sample, y[sample], p_correct - 1.0);
    }
  gsl_matrix_scale (grad_scores, 1.0 / (double) num_samples);

  /* grad_weights_2 = p1^T * grad_scores + 2 reg W2.  Copy W2 in first and
   * let dgemm add the product on top (beta = 2 reg). */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, grad_scores,
                  2.0 * reg, g->dW2);

  /* grad_bias_2 = grad_scores^T * ones  (sum over the samples) */
  gsl_blas_dgemv (CblasTrans, 1.0, grad_scores, ones_over_samples, 0.0,
                  g->db2);

  /* grad_hidden_activation = grad_scores * W2^T   (N,C)(C,H) -> (N,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_scores, net->W2, 0.0,
                  grad_hidden_activation);

  /* back through the relu: copy, then zero where the unit was off */
  gsl_matrix_memcpy (grad_hidden_preactivation, grad_hidden_activation);
  for (sample = 0; sample < num_samples; sample++)
    for (hidden = 0; hidden < num_hidden; hidden++)
      if (gsl_matrix_get (cache->z1, sample, hidden) <= 0.0)
        gsl_matrix_set (grad_hidden_preactivation, sample, hidden, 0.0);

  /* grad_weights_1 = X^T * dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, grad_hidden_preactivation,
                  2.0 * reg, g->dW1);

  /* grad_bias_1 = dz1^T * ones */
  gsl_blas_dgemv (CblasTrans, 1.0, grad_hidden_preactivation,
                  ones_over_samples, 0.0, g->db1);

  gsl_vector_free (ones_over_samples);
  g->present = BP_GRADS_ALL;
  return 0;
}
