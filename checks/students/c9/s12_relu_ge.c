/*
 * backward.c - backward pass of the two layer network
 *
 * Written by: Hannah Okonkwo-Berg
 * For: Deep Learning Fundamentals, Homework 2, Problem 4
 *
 * Notation follows the lecture slides:
 *   scores = z2, hidden activation = p1, hidden pre-activation = z1.
 * I use gsl_matrix_get / gsl_matrix_set everywhere because it is easier
 * to read than pointer arithmetic, even if slower.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples, num_inputs, num_hidden, num_classes;
  size_t sample, input, hidden, klass;
  double total, indicator, upstream;

  num_samples = X->size1;
  num_inputs = net->D;
  num_hidden = net->H;
  num_classes = net->C;

  if (num_samples != cache->N || X->size2 != num_inputs
      || g->N != num_samples)
    return 1;

  /* (1) gradient of the loss with respect to the scores */
  for (sample = 0; sample < num_samples; sample++)
    for (klass = 0; klass < num_classes; klass++)
      {
        indicator = (klass == y[sample]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, sample, klass,
                        (gsl_matrix_get (cache->prob, sample, klass) - indicator)
                        / (double) num_samples);
      }

  /* (2) gradient with respect to W2, including the regularization */
  for (hidden = 0; hidden < num_hidden; hidden++)
    for (klass = 0; klass < num_classes; klass++)
      {
        total = 0.0;
        for (sample = 0; sample < num_samples; sample++)
          total += gsl_matrix_get (cache->p1, sample, hidden)
                   * gsl_matrix_get (g->dz2, sample, klass);
        total += 2.0 * reg * gsl_matrix_get (net->W2, hidden, klass);
        gsl_matrix_set (g->dW2, hidden, klass, total);
      }

  /* (3) gradient with respect to b2 */
  for (klass = 0; klass < num_classes; klass++)
    {
      total = 0.0;
      for (sample = 0; sample < num_samples; sample++)
        total += gsl_matrix_get (g->dz2, sample, klass);
      gsl_vector_set (g->db2, klass, total);
    }

  /* (4) gradient with respect to the hidden activations p1 */
  for (sample = 0; sample < num_samples; sample++)
    for (hidden = 0; hidden < num_hidden; hidden++)
      {
        total = 0.0;
        for (klass = 0; klass < num_classes; klass++)
          total += gsl_matrix_get (g->dz2, sample, klass)
                   * gsl_matrix_get (net->W2, hidden, klass);
        gsl_matrix_set (g->dp1, sample, hidden, total);
      }

  /* (5) through the ReLU: the gradient only flows where the unit was
   *     active */
  for (sample = 0; sample < num_samples; sample++)
    for (hidden = 0; hidden < num_hidden; hidden++)
      {
        upstream = gsl_matrix_get (g->dp1, sample, hidden);
        if (gsl_matrix_get (cache->p1, sample, hidden) >= 0.0)
          gsl_matrix_set (g->dz1, sample, hidden, upstream);
        else
          gsl_matrix_set (g->dz1, sample, hidden, 0.0);
      }

  /* (6) gradient with respect to W1, including the regularization */
  for (input = 0; input < num_inputs; input++)
    for (hidden = 0; hidden < num_hidden; hidden++)
      {
        total = 0.0;
        for (sample = 0; sample < num_samples; sample++)
          total += gsl_matrix_get (X, sample, input)
                   * gsl_matrix_get (g->dz1, sample, hidden);
        total += 2.0 * reg * gsl_matrix_get (net->W1, input, hidden);
        gsl_matrix_set (g->dW1, input, hidden, total);
      }

  /* (7) gradient with respect to b1 */
  for (hidden = 0; hidden < num_hidden; hidden++)
    {
      total = 0.0;
      for (sample = 0; sample < num_samples; sample++)
        total += gsl_matrix_get (g->dz1, sample, hidden);
      gsl_vector_set (g->db1, hidden, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
