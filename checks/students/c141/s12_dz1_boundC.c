// backward.c - two layer net, backward pass
// shapes: dz2 N*C, dW2 H*C, db2 C, dp1 N*H, dz1 N*H, dW1 D*H, db1 H

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  // dz2
  {
    double v;
    for (size_t r = 0; r < N; r++)
      for (size_t c = 0; c < C; c++) {
        v = gsl_matrix_get (cache->prob, r, c);
        if (c == y[r]) v = v - 1.0;
        gsl_matrix_set (g->dz2, r, c, v / N);
      }
  }

  // dW2 = p1^T dz2 + 2*reg*W2
  {
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  }

  // db2
  {
    double v;
    for (size_t c = 0; c < C; c++) {
      v = 0.0;
      for (size_t r = 0; r < N; r++)
        v += gsl_matrix_get (g->dz2, r, c);
      gsl_vector_set (g->db2, c, v);
    }
  }

  // dp1 = dz2 * W2^T
  {
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  }

  // dz1 = dp1 if z1 > 0 else 0
  {
    double v;
    for (size_t r = 0; r < N; r++)
      for (size_t c = 0; c < C; c++) {
        v = gsl_matrix_get (cache->z1, r, c) > 0.0 ? gsl_matrix_get (g->dp1, r, c) : 0.0;
        gsl_matrix_set (g->dz1, r, c, v);
      }
  }

  // dW1 = X^T dz1 + 2*reg*W1
  {
    double v;
    for (size_t r = 0; r < D; r++)
      for (size_t c = 0; c < H; c++) {
        v = 0.0;
        for (size_t i = 0; i < N; i++)
          v += gsl_matrix_get (X, i, r) * gsl_matrix_get (g->dz1, i, c);
        gsl_matrix_set (g->dW1, r, c, v + 2.0 * reg * gsl_matrix_get (net->W1, r, c));
      }
  }

  // db1
  {
    double v;
    for (size_t c = 0; c < H; c++) {
      v = 0.0;
      for (size_t r = 0; r < N; r++)
        v += gsl_matrix_get (g->dz1, r, c);
      gsl_vector_set (g->db1, c, v);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
