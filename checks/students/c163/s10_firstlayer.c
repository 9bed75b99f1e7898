/* hw3_backward.c
 * Backward pass, all loops.  dW1 needs the gradient coming into the
 * first affine layer. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t numSamples = X->size1;
  size_t numInputs = net->D, numHidden = net->H, numClasses = net->C;
  size_t n, d, h, c;
  double acc;

  if (numSamples != cache->N || X->size2 != numInputs || g->N != numSamples)
    return 1;

  /* gradient of the loss wrt scores */
  for (n = 0; n < numSamples; n++)
    for (c = 0; c < numClasses; c++)
      {
        acc = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          acc -= 1.0;
        gsl_matrix_set (g->dz2, n, c, acc / numSamples);
      }

  /* W2, b2 */
  for (h = 0; h < numHidden; h++)
    for (c = 0; c < numClasses; c++)
      {
        acc = 0.0;
        for (n = 0; n < numSamples; n++)
          acc += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, acc + 2 * reg * gsl_matrix_get (net->W2, h, c));
      }
  for (c = 0; c < numClasses; c++)
    {
      acc = 0.0;
      for (n = 0; n < numSamples; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* hidden activations */
  for (n = 0; n < numSamples; n++)
    for (h = 0; h < numHidden; h++)
      {
        acc = 0.0;
        for (c = 0; c < numClasses; c++)
          acc += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, acc);
      }

  /* relu */
  for (n = 0; n < numSamples; n++)
    for (h = 0; h < numHidden; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0
                      ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  /* W1, b1 */
  for (d = 0; d < numInputs; d++)
    for (h = 0; h < numHidden; h++)
      {
        acc = 0.0;
        for (n = 0; n < numSamples; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dW1, d, h, acc + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }
  for (h = 0; h < numHidden; h++)
    {
      acc = 0.0;
      for (n = 0; n < numSamples; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
