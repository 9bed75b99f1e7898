/*
 * backward.c -- HW 4, backprop
 *
 * Products with gsl_blas, bias gradients with a vector of ones
 * (ones^T * M gives the column sums, like np.sum(M, axis=0)).
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H;
  size_t i, j;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* vector of N ones for the bias gradients */
  ones = gsl_vector_alloc (N);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* scores_grad = probs; scores_grad[range(N), y] -= 1; scores_grad /= N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* W2_grad = hidden_layer.T dot scores_grad + 2 * reg * W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* b2_grad = sum(scores_grad, axis=0) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* hidden_grad = scores_grad dot W2.T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);

  /* relu_grad = hidden_grad; relu_grad[hidden_layer <= 0] = 0 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          double hg = gsl_matrix_get (g->dp1, i, j);
          if (hg > 0)
            gsl_matrix_set (g->dz1, i, j, hg);
          else
            gsl_matrix_set (g->dz1, i, j, 0.0);
        }
    }

  /* W1_grad = X.T dot relu_grad + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                  2.0 * reg, g->dW1);

  /* b1_grad = sum(relu_grad, axis=0) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
