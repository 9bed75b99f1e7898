/* backward.c
 * Machine Learning Fundamentals, HW 4
 *
 * Backward pass, one gradient at a time.  Comments say what each
 * block does.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t batch = X->size1;
  size_t n_in = X->size2;
  size_t n_hidden = net->H;
  size_t n_classes = net->C;
  size_t i, j, k;
  double sum = 0.0;

  if (batch != cache->N || n_in != net->D || g->N != batch)
    {
      return 1;
    }

  /* Remove these two lines once your code uses y and reg. */
  (void) y;
  (void) reg;

  /* 1. scores_grad: probs minus 1 at the label, divided by the batch size */
  for (i = 0; i < batch; i++)
    {
      for (k = 0; k < n_classes; k++)
        {
          double pr = gsl_matrix_get (cache->prob, i, k);
          if (k == y[i])
            {
              pr = pr - 1.0;
            }
          gsl_matrix_set (g->dz2, i, k, pr / (double) batch);
        }
    }

  /* 2. W2_grad: hidden layer transposed times scores_grad, plus 2 reg W2 */
  for (j = 0; j < n_hidden; j++)
    {
      for (k = 0; k < n_classes; k++)
        {
          double w = 0.0;
          for (i = 0; i < batch; i++)
            {
              w += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
            }
          gsl_matrix_set (g->dW2, j, k, w + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
        }
    }

  /* 3. b2_grad: add every row of scores_grad into it */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < batch; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }

  /* 4. hidden_grad: scores_grad times W2 transposed */
  for (i = 0; i < batch; i++)
    {
      for (j = 0; j < n_hidden; j++)
        {
          double h = 0.0;
          for (k = 0; k < n_classes; k++)
            {
              h += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
            }
          gsl_matrix_set (g->dp1, i, j, h);
        }
    }

  /* 5. relu_grad: keep hidden_grad where z1 > 0, zero where z1 <= 0 */
  for (i = 0; i < batch; i++)
    {
      for (j = 0; j < n_hidden; j++)
        {
          double z = gsl_matrix_get (cache->z1, i, j);
          gsl_matrix_set (g->dz1, i, j, (z > 0.0) ? gsl_matrix_get (g->dp1, i, j) : 0.0);
        }
    }

  /* 6. W1_grad: X transposed times relu_grad, plus 2 reg W1 */
  for (k = 0; k < n_in; k++)
    {
      for (j = 0; j < n_hidden; j++)
        {
          double w = 0.0;
          for (i = 0; i < batch; i++)
            {
              w += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
            }
          gsl_matrix_set (g->dW1, k, j, w + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
        }
    }

  /* 7. b1_grad: add up relu_grad over the batch, one column at a time */
  for (j = 0; j < n_hidden; j++)
    {
      for (i = 0; i < batch; i++)
        {
          sum += gsl_matrix_get (g->dz1, i, j);
        }
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
