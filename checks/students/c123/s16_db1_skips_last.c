/* Assignment 3: backward pass of the two-layer network.
 *
 * Shapes (N samples, D inputs, H hidden, C classes):
 *   grad_scores (N,C)  grad_weights_2 (H,C)  grad_bias_2 (C)
 *   grad_hidden_activation (N,H)  grad_hidden_preactivation (N,H)
 *   grad_weights_1 (D,H)  grad_bias_1 (H)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sum the rows of a matrix into a vector (bias gradients) */
static void
column_sums (const gsl_matrix *upstream, gsl_vector *result)
{
  size_t r, c;
  for (c = 0; c < upstream->size2; c++)
    {
      double s = 0.0;
      for (r = 0; r < upstream->size1; r++)
        s += gsl_matrix_get (upstream, r, c);
      gsl_vector_set (result, c, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples = X->size1;
  size_t num_hidden = net->H;
  size_t num_classes = net->C;
  size_t sample, hidden, k;

  if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
    return 1;

  /* grad_scores = (prob - onehot(y)) / N */
  for (sample = 0; sample < num_samples; sample++)
    for (k = 0; k < num_classes; k++)
      {
        double grad = gsl_matrix_get (cache->prob, sample, k);
        if (y[sample] == k)
          grad -= 1.0;
        gsl_matrix_set (g->dz2, sample, k, grad / (double) num_samples);
      }

  /* grad_weights_2 = p1^T grad_scores + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg,
                  g->dW2);

  /* grad_bias_2 */
  column_sums (g->dz2, g->db2);

  /* grad_hidden_activation = grad_scores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* grad_hidden_preactivation = grad_hidden_activation * (z1 > 0) */
  for (sample = 0; sample < num_samples; sample++)
    for (hidden = 0; hidden < num_hidden; hidden++)
      {
        double relu_grad = gsl_matrix_get (cache->z1, sample, hidden) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, sample, hidden,
                        relu_grad * gsl_matrix_get (g->dp1, sample, hidden));
      }

  /* grad_weights_1 = X^T grad_hidden_preactivation + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* grad_bias_1, written out (column_sums above does the same thing) */
  for (hidden = 0; hidden < num_hidden; hidden++)
    {
      double bias_grad = 0.0;
      for (sample = 0; sample < num_samples - 1; sample++)
        bias_grad += gsl_matrix_get (g->dz1, sample, hidden);
      gsl_vector_set (g->db1, hidden, bias_grad);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
