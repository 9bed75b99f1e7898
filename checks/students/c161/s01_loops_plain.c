/* backward.c -- homework 4, two layer net backward pass
 * CIS 240 Intro to Machine Learning
 *
 * I did every gradient with plain for loops like in lecture 9.
 * Order: scores_grad, W2_grad, b2_grad, hidden_grad, relu_grad, W1_grad, b1_grad
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;   /* number of samples */
  size_t D = X->size2;   /* number of input features */
  size_t H = net->H;     /* number of hidden units */
  size_t C = net->C;     /* number of classes */
  size_t i, j, k, d;     /* loop counters */
  double sum;            /* for adding things up */

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---------- 1. scores_grad = dL/dz2, shape (N, C) ---------- */
  /* scores_grad = (probs - one_hot(y)) / N */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          double p = gsl_matrix_get (cache->prob, i, k);  /* the probability */
          if (k == y[i])
            p = p - 1.0;   /* subtract 1 for the correct class */
          gsl_matrix_set (g->dz2, i, k, p / (double) N);  /* divide by N */
        }
    }

  /* ---------- 2. W2_grad = hidden_layer^T * scores_grad + 2 reg W2, shape (H, C) ---------- */
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        {
          sum = 0.0;  /* start the sum at zero */
          for (i = 0; i < N; i++)
            {
              /* hidden_layer[i][j] times scores_grad[i][k] */
              sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
            }
          /* add the regularization gradient, 2 * reg * W2 */
          sum += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dW2, j, k, sum);
        }
    }

  /* ---------- 3. b2_grad = sum of scores_grad over the samples, shape (C) ---------- */
  for (k = 0; k < C; k++)
    {
      sum = 0.0;
      for (i = 0; i < N; i++)
        {
          sum += gsl_matrix_get (g->dz2, i, k);  /* add up column k */
        }
      gsl_vector_set (g->db2, k, sum);
    }

  /* ---------- 4. hidden_grad = scores_grad * W2^T, shape (N, H) ---------- */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          sum = 0.0;
          for (k = 0; k < C; k++)
            {
              /* W2 transposed, so W2[j][k] */
              sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
            }
          gsl_matrix_set (g->dp1, i, j, sum);
        }
    }

  /* ---------- 5. relu_grad = hidden_grad where z1 > 0, else 0, shape (N, H) ---------- */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          if (gsl_matrix_get (cache->z1, i, j) > 0)
            gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));  /* relu let it through */
          else
            gsl_matrix_set (g->dz1, i, j, 0.0);  /* relu blocked it */
        }
    }

  /* ---------- 6. W1_grad = X^T * relu_grad + 2 reg W1, shape (D, H) ---------- */
  for (d = 0; d < D; d++)
    {
      for (j = 0; j < H; j++)
        {
          sum = 0.0;
          for (i = 0; i < N; i++)
            {
              sum += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
            }
          sum += 2.0 * reg * gsl_matrix_get (net->W1, d, j);  /* regularization */
          gsl_matrix_set (g->dW1, d, j, sum);
        }
    }

  /* ---------- 7. b1_grad = sum of relu_grad over the samples, shape (H) ---------- */
  for (j = 0; j < H; j++)
    {
      sum = 0.0;
      for (i = 0; i < N; i++)
        {
          sum += gsl_matrix_get (g->dz1, i, j);
        }
      gsl_vector_set (g->db1, j, sum);
    }

  /* all seven are filled in */
  g->present = BP_GRADS_ALL;
  return 0;
}
