/*
 * backward.c  (CS 4780 HW 3, problem 4)
 *
 * Vectorized backprop, straight from my nnGrad.m:
 *
 *   Y      = (y == 1:K);                        % one-hot, m x K
 *   delta3 = (a3 - Y) / m;
 *   Theta2_grad = a2' * delta3 + 2*lambda*Theta2;
 *   b2_grad     = sum(delta3, 1)';
 *   grad_a2     = delta3 * Theta2';
 *   delta2      = grad_a2 .* (z2 > 0);
 *   Theta1_grad = X' * delta2 + 2*lambda*Theta1;
 *   b1_grad     = sum(delta2, 1)';
 *
 * (z2/a2 in my .m file are cache->z1/p1 here, a3 is cache->prob.)
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* 1-based helpers */
#define G1(M, i, j)    gsl_matrix_get ((M), (i) - 1, (j) - 1)
#define S1(M, i, j, v) gsl_matrix_set ((M), (i) - 1, (j) - 1, (v))

/* v = sum(A, 1)' : one number per column */
static void colsum (const gsl_matrix *A, gsl_vector *v)
{
  gsl_vector_set_zero (v);
  for (size_t i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (v, &r.vector);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1;
  size_t K = net->C, hid = net->H;
  double lambda = reg;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  gsl_matrix *Y = gsl_matrix_alloc (m, K);
  gsl_matrix *delta3 = g->dz2;
  gsl_matrix *delta2 = g->dz1;

  /* Y = (y == 1:K); */
  for (size_t i = 1; i <= m; i++)
    for (size_t c = 1; c <= K; c++)
      S1 (Y, i, c, (y[i - 1] == c) ? 1.0 : 0.0);

  /* delta3 = (a3 - Y) / m; */
  gsl_matrix_memcpy (delta3, cache->prob);
  gsl_matrix_sub (delta3, Y);
  gsl_matrix_scale (delta3, 1.0 / (double) m);

  /* Theta2_grad = a2' * delta3 + 2*lambda*Theta2; */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, delta3,
                  2.0 * lambda, g->dW2);

  /* b2_grad = sum(delta3, 1)'; */
  colsum (delta3, g->db2);

  /* grad_a2 = delta3 * Theta2'; */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta3, net->W2, 0.0, g->dp1);

  /* delta2 = grad_a2 .* (z2 > 0); */
  for (size_t i = 1; i <= m; i++)
    for (size_t j = 1; j <= hid; j++)
      S1 (delta2, i, j, G1 (cache->z1, i, j) > 0.0 ? G1 (g->dp1, i, j) : 0.0);

  /* Theta1_grad = X' * delta2 + 2*lambda*Theta1; */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, delta2, 2.0 * lambda, g->dW1);

  /* b1_grad = sum(delta2, 1)'; */
  colsum (delta2, g->db1);

  gsl_matrix_free (Y);
  g->present = BP_GRADS_ALL;
  return 0;
}
