#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* Computes all 7 gradients. I accumulate the bias gradients while going
   over the examples so I don't need extra loops. */
int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t B = X->size1, D = X->size2, Hn = net->H, K = net->C;
  size_t i, j, k;

  if (B != cache->N || D != net->D || g->N != B) return 1;

  /* --- output layer --- */
  gsl_vector_set_zero(g->db2);
  for (i = 0; i < B; i++) {
    for (k = 0; k < K; k++) {
      double v = gsl_matrix_get(cache->prob, i, k);
      if (k == y[i]) v = v - 1.0;
      v = v / (double) B;
      gsl_matrix_set(g->dz2, i, k, v);
      gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + v);
    }
  }

  for (j = 0; j < Hn; j++) {
    for (k = 0; k < K; k++) {
      double v = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
      for (i = 0; i < B; i++) v += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
      gsl_matrix_set(g->dW2, j, k, v);
    }
  }

  /* --- hidden layer --- */
  for (i = 0; i < B; i++) {
    for (j = 0; j < Hn; j++) {
      double v = 0.0;
      for (k = 0; k < K; k++) v += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dp1, i, j, v);
      if (gsl_matrix_get(cache->z1, i, j) <= 0.0) v = 0.0;   /* relu */
      gsl_matrix_set(g->dz1, i, j, v);
      gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + v);
    }
  }

  for (i = 0; i < D; i++) {
    for (j = 0; j < Hn; j++) {
      double v = 2.0 * reg * gsl_matrix_get(net->W1, i, j);
      for (k = 0; k < B; k++) v += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
      gsl_matrix_set(g->dW1, i, j, v);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
