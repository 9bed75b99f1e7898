/* backward.c - backprop for the two layer net (exercise 5.2)
 *
 * for every training example n:
 *     err  = p_n - t_n                    (C)
 *     nabla_b2 += err ; nabla_W2 += a1_n err'
 *     back = W2 err                       (H)
 *     err1 = back * relu'(z1_n)
 *     nabla_b1 += err1 ; nabla_W1 += x_n err1'
 * the nablas live in g directly; divide by N, add 2 reg W.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (g->N != N || g->H != H || g->C != C) return 1;

  gsl_matrix_set_zero(g->dW2);
  gsl_vector_set_zero(g->db1);
  gsl_matrix_set_zero(g->dW1);
  gsl_vector_set_zero(g->db1);

  for (size_t n = 0; n < N; n++) {
    double err[C], back[H], err1[H];

    for (size_t c = 0; c < C; c++)
      err[c] = gsl_matrix_get(cache->prob, n, c) - (c == y[n]);

    for (size_t c = 0; c < C; c++) {
      *gsl_vector_ptr(g->db2, c) += err[c];
      for (size_t h = 0; h < H; h++)
        *gsl_matrix_ptr(g->dW2, h, c) += gsl_matrix_get(cache->p1, n, h) * err[c];
    }

    for (size_t h = 0; h < H; h++) {
      back[h] = 0;
      for (size_t c = 0; c < C; c++)
        back[h] += gsl_matrix_get(net->W2, h, c) * err[c];
      err1[h] = gsl_matrix_get(cache->z1, n, h) > 0 ? back[h] : 0;
    }

    for (size_t h = 0; h < H; h++) {
      *gsl_vector_ptr(g->db1, h) += err1[h];
      for (size_t d = 0; d < D; d++)
        *gsl_matrix_ptr(g->dW1, d, h) += gsl_matrix_get(X, n, d) * err1[h];
    }

    for (size_t c = 0; c < C; c++)
      gsl_matrix_set(g->dz2, n, c, err[c] / N);
    for (size_t h = 0; h < H; h++) {
      gsl_matrix_set(g->dp1, n, h, back[h] / N);
      gsl_matrix_set(g->dz1, n, h, err1[h] / N);
    }
  }

  for (size_t c = 0; c < C; c++) {
    *gsl_vector_ptr(g->db2, c) /= N;
    for (size_t h = 0; h < H; h++)
      *gsl_matrix_ptr(g->dW2, h, c) = *gsl_matrix_ptr(g->dW2, h, c) / N
                                      + 2 * reg * gsl_matrix_get(net->W2, h, c);
  }
  for (size_t h = 0; h < H; h++) {
    *gsl_vector_ptr(g->db1, h) /= N;
    for (size_t d = 0; d < D; d++)
      *gsl_matrix_ptr(g->dW1, d, h) = *gsl_matrix_ptr(g->dW1, d, h) / N
                                      + 2 * reg * gsl_matrix_get(net->W1, d, h);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
