/*
 * Backward pass for the two-layer network.
 *
 * Student: computes each gradient with explicit loops so that every index
 * is visible.  The regularisation gradient is the derivative of the penalty.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t batch_size = X->size1;
  size_t input_dim = net->D;
  size_t hidden_dim = net->H;
  size_t num_classes = net->C;
  size_t sample, input, hidden, klass;

  /* Step 1: gradient of the data loss with respect to the scores. */
  for (sample = 0; sample < batch_size; sample++)
    {
      for (klass = 0; klass < num_classes; klass++)
        {
          double probability = gsl_matrix_get (cache->prob, sample, klass);
          double target = (klass == y[sample]) ? 1.0 : 0.0;
          double gradient = (probability - target) / (double) batch_size;
          gsl_matrix_set (g->dz2, sample, klass, gradient);
        }
    }

  /* Step 2: gradient with respect to the second-layer weights. */
  for (hidden = 0; hidden < hidden_dim; hidden++)
    {
      for (klass = 0; klass < num_classes; klass++)
        {
          double total = 0.0;
          double weight = gsl_matrix_get (net->W2, hidden, klass);
          for (sample = 0; sample < batch_size; sample++)
            {
              total += gsl_matrix_get (cache->p1, sample, hidden)
                       * gsl_matrix_get (g->dz2, sample, klass);
            }
          total += reg * weight;
          gsl_matrix_set (g->dW2, hidden, klass, total);
        }
    }

  /* Step 3: gradient with respect to the second-layer biases. */
  for (klass = 0; klass < num_classes; klass++)
    {
      double total = 0.0;
      for (sample = 0; sample < batch_size; sample++)
        {
          total += gsl_matrix_get (g->dz2, sample, klass);
        }
      gsl_vector_set (g->db2, klass, total);
    }

  /* Step 4: gradient with respect to the hidden activations. */
  for (sample = 0; sample < batch_size; sample++)
    {
      for (hidden = 0; hidden < hidden_dim; hidden++)
        {
          double total = 0.0;
          for (klass = 0; klass < num_classes; klass++)
            {
              total += gsl_matrix_get (g->dz2, sample, klass)
                       * gsl_matrix_get (net->W2, hidden, klass);
            }
          gsl_matrix_set (g->dp1, sample, hidden, total);
        }
    }

  /* Step 5: through the ReLU. */
  for (sample = 0; sample < batch_size; sample++)
    {
      for (hidden = 0; hidden < hidden_dim; hidden++)
        {
          double pre_activation = gsl_matrix_get (cache->z1, sample, hidden);
          double upstream = gsl_matrix_get (g->dp1, sample, hidden);
          if (pre_activation > 0.0)
            {
              gsl_matrix_set (g->dz1, sample, hidden, upstream);
            }
          else
            {
              gsl_matrix_set (g->dz1, sample, hidden, 0.0);
            }
        }
    }

  /* Step 6: gradient with respect to the first-layer weights. */
  for (input = 0; input < input_dim; input++)
    {
      for (hidden = 0; hidden < hidden_dim; hidden++)
        {
          double total = 0.0;
          double weight = gsl_matrix_get (net->W1, input, hidden);
          for (sample = 0; sample < batch_size; sample++)
            {
              total += gsl_matrix_get (X, sample, input)
                       * gsl_matrix_get (g->dz1, sample, hidden);
            }
          total += 2.0 * reg * weight;
          gsl_matrix_set (g->dW1, input, hidden, total);
        }
    }

  /* Step 7: gradient with respect to the first-layer biases. */
  for (hidden = 0; hidden < hidden_dim; hidden++)
    {
      double total = 0.0;
      for (sample = 0; sample < batch_size; sample++)
        {
          total += gsl_matrix_get (g->dz1, sample, hidden);
        }
      gsl_vector_set (g->db1, hidden, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
