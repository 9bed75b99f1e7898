/* ==========================================================================
 * Assignment 3, problem 2 -- backward()
 *
 * Notation I use below (long names so I do not mix them up again):
 *   grad_scores                = dL/dz2
 *   grad_weights_2, grad_bias_2
 *   grad_hidden_activation     = dL/dp1   (after the relu)
 *   grad_hidden_preactivation  = dL/dz1   (before the relu)
 *   grad_weights_1, grad_bias_1
 * ========================================================================== */

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
  size_t num_classes = net->C;
  size_t sample, hidden_unit, class_index;

  gsl_matrix *grad_scores = g->dz2;
  gsl_matrix *grad_weights_2 = g->dW2;
  gsl_vector *grad_bias_2 = g->db2;
  gsl_matrix *grad_hidden_activation = g->dp1;
  gsl_matrix *grad_hidden_preactivation = g->dz1;
  gsl_matrix *grad_weights_1 = g->dW1;
  gsl_vector *grad_bias_1 = g->db1;

  if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
    return 1;

  /* grad_scores = (probabilities - one hot labels) / N */
  gsl_matrix_memcpy (grad_scores, cache->prob);
  for (sample = 0; sample < num_samples; sample++)
    gsl_matrix_set (grad_scores, sample, y[sample],
                    gsl_matrix_get (grad_scores, sample, y[sample]) - 1.0);
  gsl_matrix_scale (grad_scores, 1.0 / num_samples);

  /* grad_weights_2 = (hidden layer)^T grad_scores + 2 reg W2
   * the hidden layer is what goes into the second affine layer */
  for (hidden_unit = 0; hidden_unit < num_hidden; hidden_unit++)
    for (class_index = 0; class_index < num_classes; class_index++)
      {
        double total = 0.0;
        for (sample = 0; sample < num_samples; sample++)
          total += gsl_matrix_get (cache->z1, sample, hidden_unit)
                   * gsl_matrix_get (grad_scores, sample, class_index);
        total += 2.0 * reg * gsl_matrix_get (net->W2, hidden_unit, class_index);
        gsl_matrix_set (grad_weights_2, hidden_unit, class_index, total);
      }

  /* grad_bias_2 = sum over samples */
  for (class_index = 0; class_index < num_classes; class_index++)
    {
      gsl_vector_const_view column = gsl_matrix_const_column (grad_scores, class_index);
      double total = 0.0;
      for (sample = 0; sample < num_samples; sample++)
        total += gsl_vector_get (&column.vector, sample);
      gsl_vector_set (grad_bias_2, class_index, total);
    }

  /* grad_hidden_activation = grad_scores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_scores, net->W2,
                  0.0, grad_hidden_activation);

  /* relu: d relu(z)/dz = 1 if z > 0 else 0 */
  for (sample = 0; sample < num_samples; sample++)
    for (hidden_unit = 0; hidden_unit < num_hidden; hidden_unit++)
      {
        double mask = gsl_matrix_get (cache->z1, sample, hidden_unit) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (grad_hidden_preactivation, sample, hidden_unit,
                        mask * gsl_matrix_get (grad_hidden_activation, sample,
                                               hidden_unit));
      }

  /* grad_weights_1 = X^T grad_hidden_preactivation + 2 reg W1 */
  gsl_matrix_memcpy (grad_weights_1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, grad_hidden_preactivation,
                  2.0 * reg, grad_weights_1);

  /* grad_bias_1 */
  for (hidden_unit = 0; hidden_unit < num_hidden; hidden_unit++)
    {
      double total = 0.0;
      for (sample = 0; sample < num_samples; sample++)
        total += gsl_matrix_get (grad_hidden_preactivation, sample, hidden_unit);
      gsl_vector_set (grad_bias_1, hidden_unit, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
