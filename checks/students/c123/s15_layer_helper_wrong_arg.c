/* backward.c -- Assignment 3
 *
 * Both affine layers have the same backward rule, so I wrote it once:
 *
 *   linear_layer_backward(upstream, layer_input, weights, reg,
 *                         grad_weights, grad_bias)
 *     grad_weights = layer_input^T upstream + 2 reg weights
 *     grad_bias    = column sums of upstream
 *
 * and call it for layer 2 and layer 1.  The input gradient (dp1) is done
 * separately since layer 1 does not need one.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
linear_layer_backward (const gsl_matrix *upstream, const gsl_matrix *layer_input,
                       const gsl_matrix *weights, double reg,
                       gsl_matrix *grad_weights, gsl_vector *grad_bias)
{
  size_t num_samples = upstream->size1, num_outputs = upstream->size2;
  size_t sample, out;

  /* weights part: grad_weights = 2 reg W, then += input^T upstream */
  gsl_matrix_memcpy (grad_weights, weights);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, layer_input, upstream,
                  2.0 * reg, grad_weights);

  /* bias part */
  for (out = 0; out < num_outputs; out++)
    {
      double total = 0.0;
      for (sample = 0; sample < num_samples; sample++)
        total += gsl_matrix_get (upstream, sample, out);
      gsl_vector_set (grad_bias, out, total);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples = X->size1;
  size_t num_hidden = net->H;
  size_t num_classes = net->C;
  size_t sample, unit;
  gsl_matrix *grad_scores = g->dz2;
  gsl_matrix *grad_hidden_activation = g->dp1;
  gsl_matrix *grad_hidden_preactivation = g->dz1;

  if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
    return 1;

  /* scores */
  for (sample = 0; sample < num_samples; sample++)
    for (unit = 0; unit < num_classes; unit++)
      gsl_matrix_set (grad_scores, sample, unit,
                      (gsl_matrix_get (cache->prob, sample, unit)
                       - (unit == y[sample])) / (double) num_samples);

  /* layer 2 */
  linear_layer_backward (grad_scores, cache->p1, net->W2, reg, g->dW2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_scores, net->W2, 0.0,
                  grad_hidden_activation);

  /* relu */
  for (sample = 0; sample < num_samples; sample++)
    for (unit = 0; unit < num_hidden; unit++)
      gsl_matrix_set (grad_hidden_preactivation, sample, unit,
                      gsl_matrix_get (cache->z1, sample, unit) > 0.0
                      ? gsl_matrix_get (grad_hidden_activation, sample, unit)
                      : 0.0);

  /* layer 1 */
  linear_layer_backward (grad_hidden_activation, X, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
