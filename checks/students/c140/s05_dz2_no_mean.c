/* backward.c -- Assignment 3, backward pass of the two-layer net.
 *
 * Fill in the blocks marked TODO.  Do not change the signature.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t numSamples = X->size1;
  size_t numHidden = net->H, numClasses = net->C, numInputs = net->D;
  size_t i, j, k;

  if (numSamples != cache->N || X->size2 != net->D || g->N != numSamples)
    return 1;

  /* TODO: compute dz2 */
  // softmax gradient: prob minus 1 at the correct class
  for (i = 0; i < numSamples; i++) {
    for (k = 0; k < numClasses; k++) {
      double grad = gsl_matrix_get (cache->prob, i, k);
      if (k == y[i])
        grad = grad - 1;
      gsl_matrix_set (g->dz2, i, k, grad);
    }
  }
  /* END TODO */

  /* TODO: compute dW2 */
  for (j = 0; j < numHidden; j++) {
    for (k = 0; k < numClasses; k++) {
      double total = 0;
      for (i = 0; i < numSamples; i++)
        total += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      total += 2 * reg * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dW2, j, k, total);
    }
  }
  /* END TODO */

  /* TODO: compute db2 */
  for (k = 0; k < numClasses; k++) {
    double total = 0;
    for (i = 0; i < numSamples; i++)
      total += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, total);
  }
  /* END TODO */

  /* TODO: compute dp1 */
  for (i = 0; i < numSamples; i++) {
    for (j = 0; j < numHidden; j++) {
      double total = 0;
      for (k = 0; k < numClasses; k++)
        total += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, total);
    }
  }
  /* END TODO */

  /* TODO: compute dz1 */
  for (i = 0; i < numSamples; i++) {
    for (j = 0; j < numHidden; j++) {
      double mask = gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0;
      gsl_matrix_set (g->dz1, i, j, mask * gsl_matrix_get (g->dp1, i, j));
    }
  }
  /* END TODO */

  /* TODO: compute dW1 */
  for (i = 0; i < numInputs; i++) {
    for (j = 0; j < numHidden; j++) {
      double total = 0;
      for (k = 0; k < numSamples; k++)
        total += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
      total += 2 * reg * gsl_matrix_get (net->W1, i, j);
      gsl_matrix_set (g->dW1, i, j, total);
    }
  }
  /* END TODO */

  /* TODO: compute db1 */
  for (j = 0; j < numHidden; j++) {
    double total = 0;
    for (i = 0; i < numSamples; i++)
      total += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, total);
  }
  /* END TODO */

  g->present = BP_GRADS_ALL;
  return 0;
}
