/* backward.c -- Farid Rahimi, hw2
 * backward pass with loops (gsl_matrix_get / gsl_matrix_set) */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot) / N */
  for (size_t i = 0; i < N; i++) {
    for (size_t j = 0; j < C; j++) {
      double ind = (j == y[j]) ? 1.0 : 0.0;
      double p = gsl_matrix_get(cache->prob, i, j);
      gsl_matrix_set(g->dz2, i, j, (p - ind) / N);
    }
  }

  /* 2. dW2 = p1^T * dz2 + 2*reg*W2 */
  for (size_t h = 0; h < H; h++) {
    for (size_t c = 0; c < C; c++) {
      double sum = 0;
      for (size_t i = 0; i < N; i++) {
        sum += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
      }
      gsl_matrix_set(g->dW2, h, c, sum + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }

  /* 3. db2 = sum over samples of dz2 */
  for (size_t c = 0; c < C; c++) {
    double sum = 0;
    for (size_t i = 0; i < N; i++) {
      sum += gsl_matrix_get(g->dz2, i, c);
    }
    gsl_vector_set(g->db2, c, sum);
  }

  /* 4. dp1 = dz2 * W2^T */
  for (size_t i = 0; i < N; i++) {
    for (size_t h = 0; h < H; h++) {
      double sum = 0;
      for (size_t c = 0; c < C; c++) {
        sum += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
      }
      gsl_matrix_set(g->dp1, i, h, sum);
    }
  }

  /* 5. dz1 = dp1 where z1 > 0 */
  for (size_t i = 0; i < N; i++) {
    for (size_t h = 0; h < H; h++) {
      if (gsl_matrix_get(cache->z1, i, h) > 0) {
        gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(g->dp1, i, h));
      } else {
        gsl_matrix_set(g->dz1, i, h, 0.0);
      }
    }
  }

  /* 6. dW1 = X^T * dz1 + 2*reg*W1 */
  for (size_t d = 0; d < D; d++) {
    for (size_t h = 0; h < H; h++) {
      double sum = 0;
      for (size_t i = 0; i < N; i++) {
        sum += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
      }
      gsl_matrix_set(g->dW1, d, h, sum + 2 * reg * gsl_matrix_get(net->W1, d, h));
    }
  }

  /* 7. db1 */
  for (size_t h = 0; h < H; h++) {
    double sum = 0;
    for (size_t i = 0; i < N; i++) {
      sum += gsl_matrix_get(g->dz1, i, h);
    }
    gsl_vector_set(g->db1, h, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
