/* Backward pass for the 2-layer net (homework 2).
 * One function for each formula on the lecture slides, then backward()
 * just calls them in order.  Results go into temporary matrices first and
 * are copied into g at the end of each step. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* formula (1): dL/dscores = (softmax - onehot) / N */
static void
softmax_loss_gradient (const gsl_matrix *probabilities, const size_t *labels,
                       gsl_matrix *result)
{
  size_t n_samples = probabilities->size1;
  size_t n_classes = probabilities->size2;
  for (size_t i = 0; i < n_samples; i++)
    for (size_t c = 0; c < n_classes; c++)
      {
        double indicator = (labels[i] == c) ? 1.0 : 0.0;
        double value = gsl_matrix_get (probabilities, i, c) - indicator;
        gsl_matrix_set (result, i, c, value / (double) n_samples);
      }
}

/* formula (2): dL/dW = A^T dZ + 2 * lambda * W */
static void
weight_gradient (const gsl_matrix *layer_input, const gsl_matrix *upstream,
                 const gsl_matrix *weights, double lambda, gsl_matrix *result)
{
  for (size_t a = 0; a < weights->size1; a++)
    for (size_t b = 0; b < weights->size2; b++)
      {
        double total = 0.0;
        for (size_t i = 0; i < layer_input->size1; i++)
          total += gsl_matrix_get (layer_input, i, a) * gsl_matrix_get (upstream, i, b);
        gsl_matrix_set (result, a, b,
                        total + 2.0 * lambda * gsl_matrix_get (weights, a, b));
      }
}

/* formula (3): dL/db = column sums of dZ */
static void
bias_gradient (const gsl_matrix *upstream, gsl_vector *result)
{
  for (size_t b = 0; b < upstream->size2; b++)
    {
      double total = 0.0;
      for (size_t i = 0; i < upstream->size1; i++)
        total += gsl_matrix_get (upstream, i, b);
      gsl_vector_set (result, b, total);
    }
}

/* formula (4): dL/dA = dZ W^T */
static void
input_gradient (const gsl_matrix *upstream, const gsl_matrix *weights,
                gsl_matrix *result)
{
  for (size_t i = 0; i < upstream->size1; i++)
    for (size_t a = 0; a < weights->size1; a++)
      {
        double total = 0.0;
        for (size_t b = 0; b < weights->size2; b++)
          total += gsl_matrix_get (upstream, i, b) * gsl_matrix_get (weights, a, b);
        gsl_matrix_set (result, i, a, total);
      }
}

/* formula (5): dL/dz = dL/da where z > 0, else 0 */
static void
relu_gradient (const gsl_matrix *upstream, const gsl_matrix *pre_activation,
               gsl_matrix *result)
{
  for (size_t i = 0; i < upstream->size1; i++)
    for (size_t j = 0; j < upstream->size2; j++)
      {
        if (gsl_matrix_get (pre_activation, i, j) > 0)
          gsl_matrix_set (result, i, j, gsl_matrix_get (upstream, i, j));
        else
          gsl_matrix_set (result, i, j, 0.0);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix *scores_gradient = gsl_matrix_alloc (N, C);
  softmax_loss_gradient (cache->prob, y, scores_gradient);
  gsl_matrix_memcpy (g->dz2, scores_gradient);

  gsl_matrix *W2_gradient = gsl_matrix_alloc (H, C);
  weight_gradient (cache->p1, scores_gradient, net->W2, reg, W2_gradient);
  gsl_matrix_memcpy (g->dW2, W2_gradient);

  gsl_vector *b2_gradient = gsl_vector_alloc (C);
  bias_gradient (scores_gradient, b2_gradient);
  gsl_vector_memcpy (g->db2, b2_gradient);

  gsl_matrix *hidden_output_gradient = gsl_matrix_alloc (N, H);
  input_gradient (scores_gradient, net->W2, hidden_output_gradient);
  gsl_matrix_memcpy (g->dp1, hidden_output_gradient);

  gsl_matrix *hidden_input_gradient = gsl_matrix_alloc (N, H);
  relu_gradient (hidden_output_gradient, cache->z1, hidden_input_gradient);
  gsl_matrix_memcpy (g->dz1, hidden_input_gradient);

  gsl_matrix *W1_gradient = gsl_matrix_alloc (D, H);
  weight_gradient (X, hidden_input_gradient, net->W1, reg, W1_gradient);
  gsl_matrix_memcpy (g->dW1, W1_gradient);

  gsl_vector *b1_gradient = gsl_vector_alloc (H);
  bias_gradient (hidden_input_gradient, b1_gradient);
  gsl_vector_memcpy (g->db1, b1_gradient);

  gsl_matrix_free (scores_gradient);
  gsl_matrix_free (W2_gradient);
  gsl_vector_free (b2_gradient);
  gsl_matrix_free (hidden_output_gradient);
  gsl_matrix_free (hidden_input_gradient);
  gsl_matrix_free (W1_gradient);
  gsl_vector_free (b1_gradient);

  g->present = BP_GRADS_ALL;
  return 0;
}
