/* backward.c -- backward pass, Assignment 3
 *
 * Both weight matrices get the same regularisation treatment, so that part
 * lives in one helper, add_weight_decay(), called once per layer.
 *
 * Loss:  L = (1/N) sum_i -log softmax(z2_i)[y_i] + reg * (|W1|^2 + |W2|^2)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* grad_weights += derivative of the penalty reg * sum(W^2) */
static void
add_weight_decay (gsl_matrix *grad_weights, const gsl_matrix *weights,
                  double reg)
{
  size_t row, col;

  for (row = 0; row < weights->size1; row++)
    for (col = 0; col < weights->size2; col++)
      {
        double decay = reg * gsl_matrix_get (weights, row, col);
        gsl_matrix_set (grad_weights, row, col,
                        gsl_matrix_get (grad_weights, row, col) + decay);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples = X->size1, num_inputs = X->size2;
  size_t num_hidden = net->H, num_classes = net->C;
  size_t n, d, h, c;
  double inv_num_samples;

  if (num_samples != cache->N || num_inputs != net->D || g->N != num_samples)
    return 1;
  inv_num_samples = 1.0 / (double) num_samples;

  /* grad_scores: softmax output minus the one-hot label, averaged */
  for (n = 0; n < num_samples; n++)
    for (c = 0; c < num_classes; c++)
      {
        double target = (c == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, c,
                        (gsl_matrix_get (cache->prob, n, c) - target)
                        * inv_num_samples);
      }

  /* grad_weights_2 (data part) and grad_bias_2 */
  gsl_vector_set_zero (g->db2);
  for (h = 0; h < num_hidden; h++)
    for (c = 0; c < num_classes; c++)
      {
        double sum = 0.0;
        for (n = 0; n < num_samples; n++)
          sum += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, sum);
      }
  for (n = 0; n < num_samples; n++)
    for (c = 0; c < num_classes; c++)
      gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c)
                                 + gsl_matrix_get (g->dz2, n, c));
  add_weight_decay (g->dW2, net->W2, reg);

  /* grad_hidden_activation and, through the relu, grad_hidden_preactivation */
  for (n = 0; n < num_samples; n++)
    for (h = 0; h < num_hidden; h++)
      {
        double sum = 0.0;
        for (c = 0; c < num_classes; c++)
          sum += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, sum);
        gsl_matrix_set (g->dz1, n, h,
                        gsl_matrix_get (cache->z1, n, h) > 0.0 ? sum : 0.0);
      }

  /* grad_weights_1 (data part) and grad_bias_1 */
  for (d = 0; d < num_inputs; d++)
    for (h = 0; h < num_hidden; h++)
      {
        double sum = 0.0;
        for (n = 0; n < num_samples; n++)
          sum += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, sum);
      }
  for (h = 0; h < num_hidden; h++)
    {
      double sum = 0.0;
      for (n = 0; n < num_samples; n++)
        sum += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, sum);
    }
  add_weight_decay (g->dW1, net->W1, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
