/*
 * backward.c
 *
 * Neural Networks and Numerical Methods, assignment 2
 * Student: Priya Raghunathan
 *
 * The backward pass is split into small static functions, one per layer,
 * the same way the lecture split the forward pass:
 *
 *   softmax_cross_entropy_backward   ->  dz2
 *   affine_layer_backward (layer 2)  ->  dW2, db2, dp1
 *   relu_backward                    ->  dz1
 *   affine_layer_backward (layer 1)  ->  dW1, db1   (no input gradient)
 *
 * All loops are plain loops over the row-major storage: element
 * (row, column) of a GSL matrix M sits at M->data[row * M->tda + column].
 *
 * Shapes (N samples, D inputs, H hidden units, C classes):
 *   dz2 (N, C)  dW2 (H, C)  db2 (C)  dp1 (N, H)  dz1 (N, H)  dW1 (D, H)  db1 (H)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Gradient of the mean cross-entropy with respect to the scores.  I do it
 * as prob / N everywhere first and then take 1 / N away at the correct
 * class, which is the same as (prob - onehot) / N. */
static void
softmax_cross_entropy_backward (const double *probabilities,
                                size_t probabilities_stride,
                                const size_t *labels,
                                size_t number_of_samples,
                                size_t number_of_classes,
                                double *score_gradient,
                                size_t score_gradient_stride)
{
  const double one_over_samples = 1.0 / (double) number_of_samples;
  size_t sample_index, class_index;

  for (sample_index = 0; sample_index < number_of_samples; sample_index++)
    {
      for (class_index = 0; class_index < number_of_classes; class_index++)
        score_gradient[sample_index * score_gradient_stride + class_index]
          = probabilities[sample_index * probabilities_stride + class_index]
            * one_over_samples;
      score_gradient[sample_index * score_gradient_stride + labels[sample_index]]
        -= one_over_samples;
    }
}

/* Backward pass of  output = input * weights + bias  over a batch:
 *   weight_gradient = input^T upstream + 2 * regularisation * weights
 *   bias_gradient   = column sums of upstream
 *   input_gradient  = upstream weights^T        (skipped when NULL)     */
static void
affine_layer_backward (const double *input, size_t input_stride,
                       const double *weights, size_t weights_stride,
                       const double *upstream, size_t upstream_stride,
                       size_t number_of_samples, size_t fan_in,
                       size_t fan_out, double regularisation_strength,
                       double *weight_gradient, size_t weight_gradient_stride,
                       double *bias_gradient, size_t bias_gradient_stride,
                       double *input_gradient, size_t input_gradient_stride)
{
  size_t sample_index, in_index, out_index;
  double running_sum;

  /* the samples counted down, for no reason other than to try it */
  for (in_index = 0; in_index < fan_in; in_index++)
    for (out_index = 0; out_index < fan_out; out_index++)
      {
        running_sum = 0.0;
        for (sample_index = number_of_samples; sample_index-- > 0; )
          running_sum += input[sample_index * input_stride + in_index]
                         * upstream[sample_index * upstream_stride + out_index];
        weight_gradient[in_index * weight_gradient_stride + out_index]
          = running_sum
            + 2.0 * regularisation_strength
              * weights[in_index * weights_stride + out_index];
      }

  for (out_index = 0; out_index < fan_out; out_index++)
    {
      running_sum = 0.0;
      for (sample_index = 0; sample_index < number_of_samples; sample_index++)
        running_sum += upstream[sample_index * upstream_stride + out_index];
      bias_gradient[out_index * bias_gradient_stride] = running_sum;
    }

  if (input_gradient == NULL)
    return;

  for (sample_index = 0; sample_index < number_of_samples; sample_index++)
    for (in_index = 0; in_index < fan_in; in_index++)
      {
        running_sum = 0.0;
        for (out_index = 0; out_index < fan_out; out_index++)
          running_sum += upstream[sample_index * upstream_stride + out_index]
                         * weights[in_index * weights_stride + out_index];
        input_gradient[sample_index * input_gradient_stride + in_index]
          = running_sum;
      }
}

/* ReLU backward: the gradient passes where the pre-activation was
 * positive, and is zero elsewhere. */
static void
relu_backward (const double *activation_gradient,
               size_t activation_gradient_stride,
               const double *pre_activation, size_t pre_activation_stride,
               size_t number_of_rows, size_t number_of_columns,
               double *pre_activation_gradient,
               size_t pre_activation_gradient_stride)
{
  size_t row, column;

  for (row = 0; row < number_of_rows; row++)
    for (column = 0; column < number_of_columns; column++)
      {
        double passed = 0.0;
        if (pre_activation[row * pre_activation_stride + column] > 0.0)
          passed = activation_gradient[row * activation_gradient_stride
                                       + column];
        pre_activation_gradient[row * pre_activation_gradient_stride + column]
          = passed;
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t number_of_samples = X->size1;
  const size_t inputs = net->D, hidden_units = net->H, classes = net->C;

  if (number_of_samples != cache->N || X->size2 != inputs
      || g->N != number_of_samples)
    return 1;

  softmax_cross_entropy_backward (cache->prob->data, cache->prob->tda, y,
                                  number_of_samples, classes,
                                  g->dz2->data, g->dz2->tda);

  affine_layer_backward (cache->p1->data, cache->p1->tda,
                         net->W2->data, net->W2->tda,
                         g->dz2->data, g->dz2->tda,
                         number_of_samples, hidden_units, classes, reg,
                         g->dW2->data, g->dW2->tda,
                         g->db2->data, g->db2->stride,
                         g->dp1->data, g->dp1->tda);

  relu_backward (g->dp1->data, g->dp1->tda,
                 cache->z1->data, cache->z1->tda,
                 number_of_samples, hidden_units,
                 g->dz1->data, g->dz1->tda);

  affine_layer_backward (X->data, X->tda,
                         net->W1->data, net->W1->tda,
                         g->dz1->data, g->dz1->tda,
                         number_of_samples, inputs, hidden_units, reg,
                         g->dW1->data, g->dW1->tda,
                         g->db1->data, g->db1->stride,
                         NULL, 0);

  g->present = BP_GRADS_ALL;
  return 0;
}
