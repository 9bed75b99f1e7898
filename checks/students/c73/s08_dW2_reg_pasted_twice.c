/* Homework 2 -- backward pass
 * Biology MSc, my first program in C.
 * I compute the gradients in the order of the computational graph on the
 * slide (right to left).  The products are done with gsl_blas_dgemm. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* (a) dL/dz2 = (softmax(z2) - onehot) / N */
  gsl_matrix *grad_scores = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (grad_scores, cache->prob);
  for (size_t n = 0; n < N; n++)
    {
      double old_value = gsl_matrix_get (grad_scores, n, y[n]);
      gsl_matrix_set (grad_scores, n, y[n], old_value - 1);
    }
  gsl_matrix_scale (grad_scores, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, grad_scores);

  /* (b) dL/dW2 = p1^T dL/dz2 */
  gsl_matrix *grad_W2 = gsl_matrix_alloc (H, C);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, grad_scores,
                  0.0, grad_W2);
  /* + derivative of the penalty reg*|W2|^2, which is 2*reg*W2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (grad_W2, h, c, gsl_matrix_get (grad_W2, h, c) + 2 * reg * gsl_matrix_get (net->W2, h, c));

  /* (c) dL/db2 = sum over n of dL/dz2 */
  gsl_vector *grad_b2 = gsl_vector_calloc (C);
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      gsl_vector_set (grad_b2, c, gsl_vector_get (grad_b2, c)
                      + gsl_matrix_get (grad_scores, n, c));
  gsl_vector_memcpy (g->db2, grad_b2);
  gsl_vector_free (grad_b2);

  /* + derivative of the penalty reg*|W2|^2, which is 2*reg*W2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (grad_W2, h, c, gsl_matrix_get (grad_W2, h, c) + 2 * reg * gsl_matrix_get (net->W2, h, c));
  gsl_matrix_memcpy (g->dW2, grad_W2);
  gsl_matrix_free (grad_W2);

  /* (d) dL/dp1 = dL/dz2 W2^T */
  gsl_matrix *grad_hidden = gsl_matrix_alloc (N, H);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_scores, net->W2,
                  0.0, grad_hidden);
  gsl_matrix_memcpy (g->dp1, grad_hidden);
  gsl_matrix_free (grad_scores);

  /* (e) dL/dz1 = dL/dp1 where z1 > 0 (relu), else 0 */
  gsl_matrix *grad_hidden_pre = gsl_matrix_alloc (N, H);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        if (gsl_matrix_get (cache->z1, n, h) > 0)
          gsl_matrix_set (grad_hidden_pre, n, h, gsl_matrix_get (grad_hidden, n, h));
        else
          gsl_matrix_set (grad_hidden_pre, n, h, 0.0);
      }
  gsl_matrix_memcpy (g->dz1, grad_hidden_pre);
  gsl_matrix_free (grad_hidden);

  /* (f) dL/dW1 = X^T dL/dz1 + 2*reg*W1 */
  gsl_matrix *grad_W1 = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (grad_W1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, grad_hidden_pre,
                  2 * reg, grad_W1);
  gsl_matrix_memcpy (g->dW1, grad_W1);
  gsl_matrix_free (grad_W1);

  /* (g) dL/db1 = sum over n of dL/dz1 */
  gsl_vector *grad_b1 = gsl_vector_calloc (H);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_vector_set (grad_b1, h, gsl_vector_get (grad_b1, h)
                      + gsl_matrix_get (grad_hidden_pre, n, h));
  gsl_vector_memcpy (g->db1, grad_b1);
  gsl_vector_free (grad_b1);
  gsl_matrix_free (grad_hidden_pre);

  g->present = BP_GRADS_ALL;
  return 0;
}
