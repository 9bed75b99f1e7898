/* backward.c - lab 4 */
/* uses some gsl functions (memcpy, scale, add) to make it shorter */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double x;
  gsl_matrix *tmp;
  gsl_matrix *regW2, *regW1;

  /* dz2 = (prob - 1 at label) / N */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++) {
    x = gsl_matrix_get(g->dz2, i, y[i]);
    gsl_matrix_set(g->dz2, i, y[i], x - 1);
  }
  gsl_matrix_scale(g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      x = 0;
      for (i = 0; i < N; i++) {
        x += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
      }
      gsl_matrix_set(g->dW2, j, k, x);
    }
  }
  regW2 = gsl_matrix_alloc(H, C);
  gsl_matrix_memcpy(regW2, net->W2);
  gsl_matrix_scale(regW2, 2 * reg);
  gsl_matrix_add(g->dW2, regW2);
  gsl_matrix_free(regW2);

  /* db2 */
  for (k = 0; k < C; k++) {
    x = 0;
    for (i = 0; i < N; i++) {
      x += gsl_matrix_get(g->dz2, i, k);
    }
    gsl_vector_set(g->db2, k, x);
  }

  /* dp1 = dz2 W2^T */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      x = 0;
      for (k = 0; k < C; k++) {
        x += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      }
      gsl_matrix_set(g->dp1, i, j, x);
    }
  }

  /* dz1: take a copy of dp1 and zero it where the relu was off */
  tmp = g->dp1;
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) <= 0) {
        gsl_matrix_set(tmp, i, j, 0.0);
      }
    }
  }
  gsl_matrix_memcpy(g->dz1, tmp);

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (j = 0; j < D; j++) {
    for (k = 0; k < H; k++) {
      x = 0;
      for (i = 0; i < N; i++) {
        x += gsl_matrix_get(X, i, j) * gsl_matrix_get(g->dz1, i, k);
      }
      gsl_matrix_set(g->dW1, j, k, x);
    }
  }
  regW1 = gsl_matrix_alloc(D, H);
  gsl_matrix_memcpy(regW1, net->W1);
  gsl_matrix_scale(regW1, 2 * reg);
  gsl_matrix_add(g->dW1, regW1);
  gsl_matrix_free(regW1);

  /* db1 */
  for (k = 0; k < H; k++) {
    x = 0;
    for (i = 0; i < N; i++) {
      x += gsl_matrix_get(g->dz1, i, k);
    }
    gsl_vector_set(g->db1, k, x);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
