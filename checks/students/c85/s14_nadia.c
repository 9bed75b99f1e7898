/* backward.c -- Lab 5: backprop for the two-layer net
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).  Do not change the
 * signature.
 *
 * Nadia F.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* d/dW of reg*|W|^2 */
#define REG_GRAD(dW, W, reg) do { \
    size_t r_, c_; \
    for (r_ = 0; r_ < (W)->size1; r_++) \
      for (c_ = 0; c_ < (W)->size2; c_++) \
        *gsl_matrix_ptr ((dW), r_, c_) += 2.0 * (reg) * gsl_matrix_get ((W), r_, c_); \
  } while (0)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  /* TODO: compute dscores */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j)
                                     - (j == y[i] ? 1.0 : 0.0)) / N);

  /* TODO: backprop into W2 and b2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  REG_GRAD (g->dW2, net->W2, reg);
  for (j = 0; j < C; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, acc);
    }
  /* printf ("|dW2| = %g\n", gsl_blas_dnrm2 (&gsl_matrix_row (g->dW2, 0).vector)); */

  /* TODO: backprop into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* TODO: ReLU */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double dp = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? dp : 0.0);
      }

  /* TODO: backprop into W1 and b1 */
  /* (regularization was already added above) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (j = 0; j < H; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
