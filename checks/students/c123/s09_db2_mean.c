/* backward.c
 * Two-layer net backward pass -- Assignment 3
 *
 * I compute grad_scores in a temporary matrix of my own first and copy it
 * into g at the end, so that g is only written once it is complete.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples = X->size1;
  size_t num_hidden = net->H;
  size_t num_classes = net->C;
  size_t i, j;
  gsl_matrix *grad_scores;

  if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
    {
      return 1;
    }

  grad_scores = gsl_matrix_alloc (num_samples, num_classes);
  if (grad_scores == NULL)
    {
      return 1;
    }

  /* Softmax cross-entropy: dL/dz2 = (prob - y_onehot) / N */
  for (i = 0; i < num_samples; i++)
    {
      for (j = 0; j < num_classes; j++)
        {
          double value = gsl_matrix_get (cache->prob, i, j);
          if (j == y[i])
            {
              value -= 1.0;
            }
          gsl_matrix_set (grad_scores, i, j, value / (double) num_samples);
        }
    }

  /* dW2 = p1^T grad_scores + 2*reg*W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, grad_scores,
                  2.0 * reg, g->dW2);

  /* db2 = average of grad_scores over the batch (the loss is an average) */
  for (j = 0; j < num_classes; j++)
    {
      double bias_sum = 0.0;
      for (i = 0; i < num_samples; i++)
        {
          bias_sum += gsl_matrix_get (grad_scores, i, j);
        }
      gsl_vector_set (g->db2, j, bias_sum / (double) num_samples);
    }

  /* dp1 = grad_scores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_scores, net->W2, 0.0,
                  g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  for (i = 0; i < num_samples; i++)
    {
      for (j = 0; j < num_hidden; j++)
        {
          if (gsl_matrix_get (cache->z1, i, j) > 0.0)
            {
              gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
            }
          else
            {
              gsl_matrix_set (g->dz1, i, j, 0.0);
            }
        }
    }

  /* dW1 = X^T dz1 + 2*reg*W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = sum of dz1 over the samples */
  for (j = 0; j < num_hidden; j++)
    {
      double bias_sum = 0.0;
      for (i = 0; i < num_samples; i++)
        {
          bias_sum += gsl_matrix_get (g->dz1, i, j);
        }
      gsl_vector_set (g->db1, j, bias_sum);
    }

  /* finally store grad_scores */
  gsl_matrix_memcpy (g->dz2, grad_scores);
  gsl_matrix_free (grad_scores);

  g->present = BP_GRADS_ALL;
  return 0;
}
