/* backward.c -- Assignment 2, the backward pass of the two layer network.
 * MSc Biostatistics, first C assignment.
 *
 * I follow the formulas of lecture 6 one step at a time, with plain loops
 * so that I can see every index.  Every temporary matrix is freed at the
 * end of the step where it is used. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n_inputs = net->D;
  size_t n_hidden = net->H;
  size_t n_classes = net->C;
  size_t i, j, k, d;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* Step 1: dL/dz2 = (P - Y) / N, Y = one hot matrix of the labels */
  gsl_matrix *one_hot_labels = gsl_matrix_calloc (N, n_classes);
  for (i = 0; i < N; i++)
    gsl_matrix_set (one_hot_labels, i, y[i], 1.0);

  gsl_matrix *probabilities_minus_labels = gsl_matrix_alloc (N, n_classes);
  for (i = 0; i < N; i++)
    for (k = 0; k < n_classes; k++)
      gsl_matrix_set (probabilities_minus_labels, i, k,
                      gsl_matrix_get (cache->prob, i, k)
                      - gsl_matrix_get (one_hot_labels, i, k));

  for (i = 0; i < N; i++)
    for (k = 0; k < n_classes; k++)
      gsl_matrix_set (g->dz2, i, k,
                      gsl_matrix_get (probabilities_minus_labels, i, k) / (double) N);

  gsl_matrix_free (one_hot_labels);
  gsl_matrix_free (probabilities_minus_labels);

  /* Step 2: dL/dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < n_hidden; j++)
    for (k = 0; k < n_classes; k++)
      {
        double sum = 0.0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        sum + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* Step 3: dL/db2 = sum over the samples (rows) of dz2 */
  for (k = 0; k < n_classes; k++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }

  /* Step 4: dL/dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < n_hidden; j++)
      {
        double sum = 0.0;
        for (k = 0; k < n_classes; k++)
          sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, sum);
      }

  /* Step 5: dL/dz1 = dp1 * relu'(z1), relu'(z) = 1 if z > 0 else 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < n_hidden; j++)
      {
        double relu_derivative = 0.0;
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          relu_derivative = 1.0;
        gsl_matrix_set (g->dz1, i, j,
                        gsl_matrix_get (g->dp1, i, j) * relu_derivative);
      }

  /* Step 6: dL/dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < n_inputs; d++)
    for (j = 0; j < n_hidden; j++)
      {
        double sum = 0.0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j,
                        sum + 2.0 * reg * gsl_matrix_get (net->W1, d, j));
      }

  /* Step 7: dL/db1 = sum over the samples of dz1 */
  for (j = 0; j < n_hidden; j++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
