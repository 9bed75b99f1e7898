/* backward.c
 * Grupo 7: Benjamin Soto, Antonia Vera
 * Red de 2 capas: afin -> ReLU -> afin -> softmax
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t n, d, h, c;

  /* dz2 */
  for (n = 0; n < N; n++) {
    for (c = 0; c < C; c++) {
      double grad = gsl_matrix_get (cache->prob, n, c);
      if (c == y[n]) grad -= 1.0;
      gsl_matrix_set (g->dz2, n, c, grad / N);
    }
  }

  /* dW2 y db2 */
  for (h = 0; h < H; h++) {
    for (c = 0; c < C; c++) {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
      gsl_matrix_set (g->dW2, h, c, acc + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
    }
  }
  for (c = 0; c < C; c++) {
    double acc = 0.0;
    for (n = 0; n < N; n++)
      acc += gsl_matrix_get (g->dz2, n, c);
    gsl_vector_set (g->db2, c, acc);
  }

  /* dp1 y dz1 */
  for (n = 0; n < N; n++) {
    for (h = 0; h < H; h++) {
      double acc = 0.0;
      for (c = 0; c < C; c++)
        acc += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
      gsl_matrix_set (g->dp1, n, h, acc);
      if (gsl_matrix_get (cache->z1, n, h) > 0)
        gsl_matrix_set (g->dz1, n, h, acc);
      else
        gsl_matrix_set (g->dz1, n, h, 0.0);
    }
  }

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < D; d++) {
    for (h = 0; h < H; h++) {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dp1, n, h);
      gsl_matrix_set (g->dW1, d, h, acc + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
    }
  }

  /* db1 */
  for (h = 0; h < H; h++) {
    double acc = 0.0;
    for (n = 0; n < N; n++)
      acc += gsl_matrix_get (g->dz1, n, h);
    gsl_vector_set (g->db1, h, acc);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
