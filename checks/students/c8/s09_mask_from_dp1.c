/**
 * backward.c
 *
 * Reverse-mode pass through  X -> affine -> ReLU -> affine -> softmax-CE.
 *
 * Notation (same as my notebook):
 *   S  = scores (z2),  P = softmax(S),  A = ReLU activations (p1)
 *   dS = dL/dS,  dA = dL/dA,  dZ = dL/dz1
 *
 * TODO: free the temporaries on the error path too
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sum_rows(A) = 1^T A, a row vector of column totals */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *one = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (one, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, one, 0.0, out);
  gsl_vector_free (one);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H;
  const size_t C = net->C;

  if (g->N != N || cache->N != N)
    return 1;

  /* dS = (P - onehot(y)) / N */
  gsl_matrix *Yhot = gsl_matrix_calloc (N, C);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (Yhot, n, y[n], 1.0);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Yhot);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = A^T dS + 2 reg W2 ;  db2 = sum_rows(dS) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  sum_rows (g->dz2, g->db2);

  /* dA = dS W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* ReLU: build the 0/1 mask first, then dZ = dA .* mask */
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (mask, n, h, gsl_matrix_get (g->dp1, n, h) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* dW1 = X^T dZ + 2 reg W1 ;  db1 = sum_rows(dZ) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  sum_rows (g->dz1, g->db1);

  gsl_matrix_free (mask);
  gsl_matrix_free (Yhot);

  g->present = BP_GRADS_ALL;
  return 0;
}
