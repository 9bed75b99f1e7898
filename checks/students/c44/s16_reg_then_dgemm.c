/*  backward.c  --  Homework 4, "write the backward pass yourself"
 *
 *  Hi! Notes for myself and whoever grades this:
 *   - the loss has reg*(|W1|^2+|W2|^2), so each weight gradient gets an
 *     extra 2*reg*W.  I put that in first so I don't forget it later.
 *   - dgemm does C = alpha*op(A)*op(B) + beta*C.
 *   - I tried gsl_matrix_mul_elements for the relu mask but building the
 *     mask was more code than just the loop, so it's a loop.
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = 2 * reg * W */
static void reg_grad(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix_memcpy(dW, W);
  gsl_matrix_scale(dW, 2.0 * reg);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* regularisation parts first */
  reg_grad(g->dW1, net->W1, reg);
  reg_grad(g->dW2, net->W2, reg);

  /* dz2 = (probs - Y) / N */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / N);
  /* printf("dz2 row0: %g %g %g\n", gsl_matrix_get(g->dz2,0,0), gsl_matrix_get(g->dz2,0,1), gsl_matrix_get(g->dz2,0,2)); */

  /* data part of dW2: p1^T dz2 */
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

  /* db2 = ones^T dz2 */
  ones = gsl_vector_alloc(N);
  gsl_vector_set_all(ones, 1.0);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set(g->dz1, i, j, (gsl_matrix_get(cache->z1, i, j) > 0) ? gsl_matrix_get(g->dp1, i, j) : 0.0);

  /* data part of dW1 (add onto the reg part already in there) */
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* db1 = ones^T dz1 */
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free(ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
