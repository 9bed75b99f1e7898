#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* two layer net backward.  I reuse s / r / c in every block,
 * each block only touches its own gradient */
int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  {
    double s;
    for (size_t r = 0; r < N; r++)
      for (size_t c = 0; c < C; c++) {
        s = gsl_matrix_get(cache->prob, r, c) - (y[r] == c ? 1.0 : 0.0);
        gsl_matrix_set(g->dz2, r, c, s / (double) N);
      }
  }

  /* dW2 = p1^T dz2 (+ 2 reg W2) */
  {
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  }

  /* db2 = column sums of dz2 */
  {
    gsl_vector_set_zero(g->db2);
    for (size_t r = 0; r < N; r++) {
      gsl_vector_const_view v = gsl_matrix_const_row(g->dz2, r);
      gsl_vector_add(g->db2, &v.vector);
    }
  }

  /* dp1 = dz2 W2^T */
  {
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  }

  /* dz1: zero dp1 where the unit was off, then that is dz1 */
  {
    for (size_t r = 0; r < N; r++)
      for (size_t c = 0; c < H; c++)
        if (gsl_matrix_get(cache->z1, r, c) <= 0.0)
          gsl_matrix_set(g->dp1, r, c, 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
  }

  /* dW1 = X^T dz1 + 2 reg W1 */
  {
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  }

  /* db1 = column sums of dz1 */
  {
    double s;
    for (size_t c = 0; c < H; c++) {
      s = 0.0;
      for (size_t r = 0; r < N; r++)
        s += gsl_matrix_get(g->dz1, r, c);
      gsl_vector_set(g->db1, c, s);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
