/* backward.c -- Homework 4
 * Two layer network: affine - relu - affine - softmax
 * Backward pass, all loops.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1;
  int D = X->size2;
  int H = net->H;
  int C = net->C;
  int i, j, k;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  /* Remove these two lines once your code uses y and reg. */
  (void) y;
  (void) reg;

  gsl_matrix *scores_grad = g->dz2;
  gsl_matrix *W2_grad = g->dW2;
  gsl_vector *b2_grad = g->db2;
  gsl_matrix *hidden_grad = g->dp1;
  gsl_matrix *relu_grad = g->dz1;
  gsl_matrix *W1_grad = g->dW1;
  gsl_vector *b1_grad = g->db1;

  /* 1. scores_grad = softmax - one hot.  (the 1/N of the average is
   *    part of the loss) */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double s = gsl_matrix_get (cache->prob, i, k);
        if ((size_t) k == y[i])
          s -= 1;
        gsl_matrix_set (scores_grad, i, k, s);
      }

  /* 2. W2_grad[j][k] = sum over i of p1[i][j] * scores_grad[i][k], plus reg */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (scores_grad, i, k);
        gsl_matrix_set (W2_grad, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. b2_grad[k] = sum over i of scores_grad[i][k] */
  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (scores_grad, i, k);
      gsl_vector_set (b2_grad, k, s);
    }

  /* 4. hidden_grad[i][j] = sum over k of scores_grad[i][k] * W2[j][k] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (scores_grad, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (hidden_grad, i, j, s);
      }

  /* 5. relu_grad = hidden_grad, but 0 where z1 was negative */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (relu_grad, i, j, gsl_matrix_get (hidden_grad, i, j));
        else
          gsl_matrix_set (relu_grad, i, j, 0);
      }

  /* 6. W1_grad[d][j] = sum over i of X[i][d] * relu_grad[i][j], plus reg */
  for (k = 0; k < D; k++)      /* k is the input feature here */
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (relu_grad, i, j);
        gsl_matrix_set (W1_grad, k, j, s + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* 7. b1_grad[j] = sum over i of relu_grad[i][j] */
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (relu_grad, i, j);
      gsl_vector_set (b1_grad, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
