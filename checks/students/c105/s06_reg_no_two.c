/* Homework 6: backward pass of the 2-layer net.
 * loss = mean xent + reg*(|W1|^2+|W2|^2)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;
  gsl_matrix *scratch;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // dz2
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set(g->dz2, n, c,
                     (gsl_matrix_get(cache->prob, n, c) - (c == y[n])) / N);

  // dW2: data part + reg part (reg part in scratch)
  scratch = gsl_matrix_alloc(H, C);
  gsl_matrix_memcpy(scratch, net->W2);
  gsl_matrix_scale(scratch, reg);      // d/dW of reg*W^2
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add(g->dW2, scratch);
  gsl_matrix_free(scratch);

  // db2
  for (c = 0; c < C; c++) {
    double s = 0;
    for (n = 0; n < N; n++)
      s += gsl_matrix_get(g->dz2, n, c);
    gsl_vector_set(g->db2, c, s);
  }

  // dp1
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // dz1
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set(g->dz1, n, h,
                     gsl_matrix_get(cache->z1, n, h) > 0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);

  // dW1 = X^T dz1 + 2 reg W1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  // db1
  for (h = 0; h < H; h++) {
    double s = 0;
    for (n = 0; n < N; n++)
      s += gsl_matrix_get(g->dz1, n, h);
    gsl_vector_set(g->db1, h, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
