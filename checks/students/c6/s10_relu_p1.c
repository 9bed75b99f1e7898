/* backward.c */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1;
  int D = net->D, H = net->H, C = net->C;

  if (N != (int) cache->N || X->size2 != net->D || (int) g->N != N)
    return 1;

  // 1. dz2 = (prob - onehot) / N
  for (int i = 0; i < N; i++) {
    for (int c = 0; c < C; c++) {
      double p = gsl_matrix_get(cache->prob, i, c);
      if (c == (int) y[i]) p = p - 1.0;
      gsl_matrix_set(g->dz2, i, c, p / N);
    }
  }

  // 2. dW2 = p1^T dz2 + 2 reg W2
  for (int h = 0; h < H; h++) {
    for (int c = 0; c < C; c++) {
      double sum = 0.0;
      for (int i = 0; i < N; i++)
        sum += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
      gsl_matrix_set(g->dW2, h, c, sum + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }

  // 3. db2
  for (int c = 0; c < C; c++) {
    double sum = 0.0;
    for (int i = 0; i < N; i++)
      sum += gsl_matrix_get(g->dz2, i, c);
    gsl_vector_set(g->db2, c, sum);
  }

  // 4. dp1 = dz2 W2^T
  for (int i = 0; i < N; i++) {
    for (int h = 0; h < H; h++) {
      double sum = 0.0;
      for (int c = 0; c < C; c++)
        sum += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, i, h, sum);
    }
  }

  // 5. dz1 = dp1 * relu'(.)
  for (int i = 0; i < N; i++) {
    for (int h = 0; h < H; h++) {
      double grad = gsl_matrix_get(g->dp1, i, h);
      if (gsl_matrix_get(cache->p1, i, h) >= 0)
        gsl_matrix_set(g->dz1, i, h, grad);
      else
        gsl_matrix_set(g->dz1, i, h, 0.0);
    }
  }

  // 6. dW1 = X^T dz1 + 2 reg W1
  for (int d = 0; d < D; d++) {
    for (int h = 0; h < H; h++) {
      double sum = 0.0;
      for (int i = 0; i < N; i++)
        sum += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
      gsl_matrix_set(g->dW1, d, h, sum + 2 * reg * gsl_matrix_get(net->W1, d, h));
    }
  }

  // 7. db1
  for (int h = 0; h < H; h++) {
    double sum = 0.0;
    for (int i = 0; i < N; i++)
      sum += gsl_matrix_get(g->dz1, i, h);
    gsl_vector_set(g->db1, h, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
