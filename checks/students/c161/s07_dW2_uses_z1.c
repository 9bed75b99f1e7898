/*
 * backward.c
 * Intro to Neural Networks, Assignment 3 (backprop by hand)
 *
 * forward was:  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2
 * so backward goes the other way.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_train = X->size1;
  size_t input_size = X->size2;
  size_t hidden_size = net->H;
  size_t num_classes = net->C;
  size_t i, j, k;

  if (num_train != cache->N || input_size != net->D || g->N != num_train)
    return 1;

  /* scores_grad[i][k] = (prob[i][k] - 1{k == y[i]}) / num_train */
  for (i = 0; i < num_train; i++)
    {
      for (k = 0; k < num_classes; k++)
        {
          double value = gsl_matrix_get (cache->prob, i, k);
          if (k == y[i])
            {
              value = value - 1.0;
            }
          value = value / num_train;
          gsl_matrix_set (g->dz2, i, k, value);
        }
    }

  /* W2_grad[j][k] = sum_i hidden[i][j] * scores_grad[i][k] + 2 * reg * W2[j][k] */
  for (j = 0; j < hidden_size; j++)
    {
      for (k = 0; k < num_classes; k++)
        {
          double value = 0.0;
          for (i = 0; i < num_train; i++)
            {
              /* the hidden layer output times the score gradient */
              value = value + gsl_matrix_get (cache->z1, i, j) * gsl_matrix_get (g->dz2, i, k);
            }
          value = value + 2.0 * reg * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dW2, j, k, value);
        }
    }

  /* b2_grad[k] = sum_i scores_grad[i][k] */
  for (k = 0; k < num_classes; k++)
    {
      double value = 0.0;
      for (i = 0; i < num_train; i++)
        {
          value = value + gsl_matrix_get (g->dz2, i, k);
        }
      gsl_vector_set (g->db2, k, value);
    }

  /* hidden_grad[i][j] = sum_k scores_grad[i][k] * W2[j][k] */
  for (i = 0; i < num_train; i++)
    {
      for (j = 0; j < hidden_size; j++)
        {
          double value = 0.0;
          for (k = 0; k < num_classes; k++)
            {
              value = value + gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
            }
          gsl_matrix_set (g->dp1, i, j, value);
        }
    }

  /* relu_grad[i][j] = hidden_grad[i][j] if z1[i][j] > 0 else 0 */
  for (i = 0; i < num_train; i++)
    {
      for (j = 0; j < hidden_size; j++)
        {
          double value = 0.0;
          if (gsl_matrix_get (cache->z1, i, j) > 0.0)
            {
              value = gsl_matrix_get (g->dp1, i, j);
            }
          gsl_matrix_set (g->dz1, i, j, value);
        }
    }

  /* W1_grad[k][j] = sum_i X[i][k] * relu_grad[i][j] + 2 * reg * W1[k][j] */
  for (k = 0; k < input_size; k++)
    {
      for (j = 0; j < hidden_size; j++)
        {
          double value = 0.0;
          for (i = 0; i < num_train; i++)
            {
              value = value + gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
            }
          value = value + 2.0 * reg * gsl_matrix_get (net->W1, k, j);
          gsl_matrix_set (g->dW1, k, j, value);
        }
    }

  /* b1_grad[j] = sum_i relu_grad[i][j] */
  for (j = 0; j < hidden_size; j++)
    {
      double value = 0.0;
      for (i = 0; i < num_train; i++)
        {
          value = value + gsl_matrix_get (g->dz1, i, j);
        }
      gsl_vector_set (g->db1, j, value);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
