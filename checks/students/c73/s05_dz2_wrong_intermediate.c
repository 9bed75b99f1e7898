/* Assignment 2: backpropagation by hand.
 * Notation as in the lecture notes:
 *   z2 = scores, P = softmax(z2), Y = one-hot labels,
 *   dz2 = (P - Y)/N,  dW2 = p1^T dz2 + 2 reg W2,  db2 = 1^T dz2,
 *   dp1 = dz2 W2^T,   dz1 = dp1 o 1[z1 > 0],
 *   dW1 = X^T dz1 + 2 reg W1,  db1 = 1^T dz1 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t number_of_samples = X->size1;
  size_t number_of_inputs = net->D;
  size_t number_of_hidden = net->H;
  size_t number_of_classes = net->C;
  size_t i, j, k;

  if (number_of_samples != cache->N || X->size2 != net->D || g->N != number_of_samples)
    return 1;

  /* P - Y */
  gsl_matrix *probabilities_minus_labels =
    gsl_matrix_alloc (number_of_samples, number_of_classes);
  gsl_matrix_memcpy (probabilities_minus_labels, cache->prob);
  for (i = 0; i < number_of_samples; i++)
    gsl_matrix_set (probabilities_minus_labels, i, y[i],
                    gsl_matrix_get (probabilities_minus_labels, i, y[i]) - 1.0);

  /* (P - Y) / N  because the loss is the mean over the samples */
  gsl_matrix *probabilities_minus_labels_over_N =
    gsl_matrix_alloc (number_of_samples, number_of_classes);
  for (i = 0; i < number_of_samples; i++)
    for (k = 0; k < number_of_classes; k++)
      gsl_matrix_set (probabilities_minus_labels_over_N, i, k,
                      gsl_matrix_get (probabilities_minus_labels, i, k)
                      / (double) number_of_samples);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, probabilities_minus_labels);

  gsl_matrix_free (probabilities_minus_labels);
  gsl_matrix_free (probabilities_minus_labels_over_N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < number_of_hidden; j++)
    for (k = 0; k < number_of_classes; k++)
      {
        double p1_transpose_times_dz2 = 0.0;
        for (i = 0; i < number_of_samples; i++)
          p1_transpose_times_dz2 += gsl_matrix_get (cache->p1, i, j)
                                    * gsl_matrix_get (g->dz2, i, k);
        double regularisation_W2 = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, p1_transpose_times_dz2 + regularisation_W2);
      }

  /* db2 = 1^T dz2 */
  for (k = 0; k < number_of_classes; k++)
    {
      double column_sum = 0.0;
      for (i = 0; i < number_of_samples; i++)
        column_sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, column_sum);
    }

  /* dp1 = dz2 W2^T */
  for (i = 0; i < number_of_samples; i++)
    for (j = 0; j < number_of_hidden; j++)
      {
        double dz2_times_W2_transpose = 0.0;
        for (k = 0; k < number_of_classes; k++)
          dz2_times_W2_transpose += gsl_matrix_get (g->dz2, i, k)
                                    * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, dz2_times_W2_transpose);
      }

  /* dz1 = dp1 o 1[z1 > 0] */
  for (i = 0; i < number_of_samples; i++)
    for (j = 0; j < number_of_hidden; j++)
      {
        double indicator_z1_positive = gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j) * indicator_z1_positive);
      }

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < number_of_inputs; k++)
    for (j = 0; j < number_of_hidden; j++)
      {
        double X_transpose_times_dz1 = 0.0;
        for (i = 0; i < number_of_samples; i++)
          X_transpose_times_dz1 += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        double regularisation_W1 = 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (g->dW1, k, j, X_transpose_times_dz1 + regularisation_W1);
      }

  /* db1 = 1^T dz1 */
  for (j = 0; j < number_of_hidden; j++)
    {
      double column_sum = 0.0;
      for (i = 0; i < number_of_samples; i++)
        column_sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, column_sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
