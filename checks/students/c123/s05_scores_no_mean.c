/* Assignment 3 -- backward pass of the two layer network
 *
 * Student notes:
 *  - softmax + cross entropy together have the nice gradient prob - onehot
 *  - everything after that is just the chain rule, layer by layer
 *  - reg is applied to W1 and W2 only, derivative 2*reg*W
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples = X->size1;
  size_t num_inputs = net->D;
  size_t num_hidden = net->H;
  size_t num_classes = net->C;
  size_t i, j, k;

  if (num_samples != cache->N || X->size2 != num_inputs || g->N != num_samples)
    return 1;

  /* ----- output layer -----
   * grad_scores[i][k] = prob[i][k] - 1{k == y[i]}
   * (the 1/N of the mean loss is taken care of in the weight gradients) */
  for (i = 0; i < num_samples; i++)
    {
      for (k = 0; k < num_classes; k++)
        {
          double grad_score = gsl_matrix_get (cache->prob, i, k);
          if (k == y[i])
            grad_score = grad_score - 1.0;
          gsl_matrix_set (g->dz2, i, k, grad_score);
        }
    }

  /* grad_weights_2 = p1^T grad_scores + 2 reg W2 */
  for (j = 0; j < num_hidden; j++)
    {
      for (k = 0; k < num_classes; k++)
        {
          double acc = 0.0;
          for (i = 0; i < num_samples; i++)
            acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
          gsl_matrix_set (g->dW2, j, k,
                          acc + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
        }
    }

  /* grad_bias_2 = sum of grad_scores over samples */
  for (k = 0; k < num_classes; k++)
    {
      double acc = 0.0;
      for (i = 0; i < num_samples; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* ----- hidden layer -----
   * grad_hidden_activation = grad_scores W2^T */
  for (i = 0; i < num_samples; i++)
    {
      for (j = 0; j < num_hidden; j++)
        {
          double acc = 0.0;
          for (k = 0; k < num_classes; k++)
            acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, acc);

          /* relu backward right away: keep it only where z1 > 0 */
          if (gsl_matrix_get (cache->z1, i, j) > 0)
            gsl_matrix_set (g->dz1, i, j, acc);
          else
            gsl_matrix_set (g->dz1, i, j, 0.0);
        }
    }

  /* grad_weights_1 = X^T grad_hidden_preactivation + 2 reg W1 */
  for (j = 0; j < num_inputs; j++)
    {
      for (k = 0; k < num_hidden; k++)
        {
          double acc = 0.0;
          for (i = 0; i < num_samples; i++)
            acc += gsl_matrix_get (X, i, j) * gsl_matrix_get (g->dz1, i, k);
          gsl_matrix_set (g->dW1, j, k,
                          acc + 2.0 * reg * gsl_matrix_get (net->W1, j, k));
        }
    }

  /* grad_bias_1 */
  for (k = 0; k < num_hidden; k++)
    {
      double acc = 0.0;
      for (i = 0; i < num_samples; i++)
        acc += gsl_matrix_get (g->dz1, i, k);
      gsl_vector_set (g->db1, k, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
