/* Assignment 3 -- backward pass
 *
 * ReLU reminder for myself: relu(x) = max(0, x), so the derivative is 1
 * where the value is positive and 0 where it is not.
 */

#include "backprop.h"

#define NUM_SAMPLES (X->size1)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_inputs = net->D, num_hidden = net->H, num_classes = net->C;
  size_t i, a, b;
  double scale;

  if (NUM_SAMPLES != cache->N || X->size2 != num_inputs || g->N != NUM_SAMPLES)
    return 1;
  scale = 1.0 / (double) NUM_SAMPLES;

  /* grad_scores (N x C) */
  for (i = 0; i < NUM_SAMPLES; i++)
    for (b = 0; b < num_classes; b++)
      gsl_matrix_set (g->dz2, i, b, scale * (gsl_matrix_get (cache->prob, i, b)
                                             - (b == y[i] ? 1.0 : 0.0)));

  /* grad_weights_2 (H x C) = p1^T * grad_scores + 2 * reg * W2 */
  for (a = 0; a < num_hidden; a++)
    for (b = 0; b < num_classes; b++)
      {
        double sum = 2.0 * reg * gsl_matrix_get (net->W2, a, b);
        for (i = 0; i < NUM_SAMPLES; i++)
          sum += gsl_matrix_get (cache->p1, i, a) * gsl_matrix_get (g->dz2, i, b);
        gsl_matrix_set (g->dW2, a, b, sum);
      }

  /* grad_bias_2 (C) */
  for (b = 0; b < num_classes; b++)
    {
      double sum = 0.0;
      for (i = 0; i < NUM_SAMPLES; i++)
        sum += gsl_matrix_get (g->dz2, i, b);
      gsl_vector_set (g->db2, b, sum);
    }

  /* grad_hidden_activation (N x H) = grad_scores * W2^T */
  for (i = 0; i < NUM_SAMPLES; i++)
    for (a = 0; a < num_hidden; a++)
      {
        double sum = 0.0;
        for (b = 0; b < num_classes; b++)
          sum += gsl_matrix_get (g->dz2, i, b) * gsl_matrix_get (net->W2, a, b);
        gsl_matrix_set (g->dp1, i, a, sum);
      }

  /* grad_hidden_preactivation (N x H): relu derivative, 1 where positive */
  for (i = 0; i < NUM_SAMPLES; i++)
    for (a = 0; a < num_hidden; a++)
      {
        double grad = gsl_matrix_get (g->dp1, i, a);
        gsl_matrix_set (g->dz1, i, a, grad > 0.0 ? grad : 0.0);
      }

  /* grad_weights_1 (D x H) = X^T * grad_hidden_preactivation + 2 * reg * W1 */
  for (a = 0; a < num_inputs; a++)
    for (b = 0; b < num_hidden; b++)
      {
        double sum = 2.0 * reg * gsl_matrix_get (net->W1, a, b);
        for (i = 0; i < NUM_SAMPLES; i++)
          sum += gsl_matrix_get (X, i, a) * gsl_matrix_get (g->dz1, i, b);
        gsl_matrix_set (g->dW1, a, b, sum);
      }

  /* grad_bias_1 (H) */
  for (b = 0; b < num_hidden; b++)
    {
      double sum = 0.0;
      for (i = 0; i < NUM_SAMPLES; i++)
        sum += gsl_matrix_get (g->dz1, i, b);
      gsl_vector_set (g->db1, b, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
