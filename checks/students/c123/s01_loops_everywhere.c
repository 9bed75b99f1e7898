/* backward.c -- Assignment 3, part 2: backward pass of the two layer net.
 *
 * I wrote every gradient with plain loops so that I can see exactly which
 * entries go where.  It is slow but the nets in this assignment are tiny.
 *
 * Forward pass (for reference, from the handout):
 *   z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, prob = softmax(z2)
 *   loss = mean cross entropy + reg * (|W1|^2 + |W2|^2)    (no 1/2 !)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples = X->size1;
  size_t num_features = X->size2;
  size_t num_hidden = net->H;
  size_t num_classes = net->C;
  size_t sample, feature, hidden, class_index;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (num_samples != cache->N || num_features != net->D || g->N != num_samples)
    return 1;

  /* 1. gradient of the loss w.r.t. the scores: (prob - onehot(y)) / N.
   *    The -1 only goes on the correct class of each sample. */
  for (sample = 0; sample < num_samples; sample++)
    for (class_index = 0; class_index < num_classes; class_index++)
      {
        double grad_score = gsl_matrix_get (cache->prob, sample, class_index);
        if (class_index == y[sample])
          grad_score -= 1.0;
        gsl_matrix_set (g->dz2, sample, class_index,
                        grad_score / (double) num_samples);
      }

  /* 2. dW2[h][c] = sum over samples of p1[n][h] * dz2[n][c], plus the
   *    derivative of reg * W2^2 which is 2 * reg * W2. */
  for (hidden = 0; hidden < num_hidden; hidden++)
    for (class_index = 0; class_index < num_classes; class_index++)
      {
        double sum = 0.0;
        for (sample = 0; sample < num_samples; sample++)
          sum += gsl_matrix_get (cache->p1, sample, hidden)
                 * gsl_matrix_get (g->dz2, sample, class_index);
        sum += 2.0 * reg * gsl_matrix_get (net->W2, hidden, class_index);
        gsl_matrix_set (g->dW2, hidden, class_index, sum);
      }

  /* 3. db2: every sample contributes its row of dz2 (b2 is added to every
   *    row in the forward pass). */
  for (class_index = 0; class_index < num_classes; class_index++)
    {
      double sum = 0.0;
      for (sample = 0; sample < num_samples; sample++)
        sum += gsl_matrix_get (g->dz2, sample, class_index);
      gsl_vector_set (g->db2, class_index, sum);
    }

  /* 4. dp1 = dz2 W2^T, i.e. dp1[n][h] = sum_c dz2[n][c] * W2[h][c] */
  for (sample = 0; sample < num_samples; sample++)
    for (hidden = 0; hidden < num_hidden; hidden++)
      {
        double sum = 0.0;
        for (class_index = 0; class_index < num_classes; class_index++)
          sum += gsl_matrix_get (g->dz2, sample, class_index)
                 * gsl_matrix_get (net->W2, hidden, class_index);
        gsl_matrix_set (g->dp1, sample, hidden, sum);
      }

  /* 5. dz1: the ReLU lets the gradient through only where z1 was positive */
  for (sample = 0; sample < num_samples; sample++)
    for (hidden = 0; hidden < num_hidden; hidden++)
      {
        double upstream = gsl_matrix_get (g->dp1, sample, hidden);
        if (gsl_matrix_get (cache->z1, sample, hidden) > 0.0)
          gsl_matrix_set (g->dz1, sample, hidden, upstream);
        else
          gsl_matrix_set (g->dz1, sample, hidden, 0.0);
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1, same as dW2 one layer down */
  for (feature = 0; feature < num_features; feature++)
    for (hidden = 0; hidden < num_hidden; hidden++)
      {
        double sum = 0.0;
        for (sample = 0; sample < num_samples; sample++)
          sum += gsl_matrix_get (X, sample, feature)
                 * gsl_matrix_get (g->dz1, sample, hidden);
        sum += 2.0 * reg * gsl_matrix_get (net->W1, feature, hidden);
        gsl_matrix_set (g->dW1, feature, hidden, sum);
      }

  /* 7. db1: column sums of dz1 */
  for (hidden = 0; hidden < num_hidden; hidden++)
    {
      double sum = 0.0;
      for (sample = 0; sample < num_samples; sample++)
        sum += gsl_matrix_get (g->dz1, sample, hidden);
      gsl_vector_set (g->db1, hidden, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
