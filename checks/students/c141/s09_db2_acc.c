/* Backward pass for the 2-layer network.
 * One block per gradient, in the order of the handout. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  /* (1) dz2 (N,C) */
  {
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
      double tmp = gsl_matrix_get(g->dz2, i, y[i]);
      gsl_matrix_set(g->dz2, i, y[i], tmp - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);
  }

  /* (2) dW2 (H,C) */
  {
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  }

  /* (3) db2 (C) = sum over samples */
  {
    double s = 0.0;
    for (size_t c = 0; c < C; c++) {
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get(g->dz2, i, c);
      gsl_vector_set(g->db2, c, s);
    }
  }

  /* (4) dp1 (N,H) */
  {
    double s;
    for (size_t i = 0; i < N; i++)
      for (size_t r = 0; r < H; r++) {
        s = 0.0;
        for (size_t c = 0; c < C; c++)
          s += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, r, c);
        gsl_matrix_set(g->dp1, i, r, s);
      }
  }

  /* (5) dz1 (N,H) */
  {
    for (size_t i = 0; i < N; i++)
      for (size_t r = 0; r < H; r++) {
        double tmp = gsl_matrix_get(cache->z1, i, r);
        gsl_matrix_set(g->dz1, i, r, tmp > 0 ? gsl_matrix_get(g->dp1, i, r) : 0.0);
      }
  }

  /* (6) dW1 (D,H) */
  {
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  }

  /* (7) db1 (H) */
  {
    double s;
    for (size_t r = 0; r < H; r++) {
      s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get(g->dz1, i, r);
      gsl_vector_set(g->db1, r, s);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
