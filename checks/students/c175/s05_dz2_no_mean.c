// backward pass for the 2 layer net
// each gradient has its own compute_ function; backward() calls them in order

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// softmax + cross entropy: dz2 = probs - onehot, divided by N
static void compute_dz2(const gsl_matrix *probs, const size_t *y, gsl_matrix *dz2) {
  size_t i, j;
  for (i = 0; i < probs->size1; i++)
    for (j = 0; j < probs->size2; j++)
      gsl_matrix_set(dz2, i, j, gsl_matrix_get(probs, i, j) - (j == y[i] ? 1.0 : 0.0));
}

static void compute_dW2(const gsl_matrix *p1, const gsl_matrix *dz2,
                        const gsl_matrix *W2, double reg, gsl_matrix *dW2) {
  size_t h, c, n;
  for (h = 0; h < W2->size1; h++) {
    for (c = 0; c < W2->size2; c++) {
      double sum = 0;
      for (n = 0; n < p1->size1; n++)
        sum += gsl_matrix_get(p1, n, h) * gsl_matrix_get(dz2, n, c);
      gsl_matrix_set(dW2, h, c, sum + 2 * reg * gsl_matrix_get(W2, h, c));
    }
  }
}

static void compute_db2(const gsl_matrix *dz2, gsl_vector *db2) {
  size_t n, c;
  gsl_vector_set_zero(db2);
  for (n = 0; n < dz2->size1; n++)
    for (c = 0; c < dz2->size2; c++)
      gsl_vector_set(db2, c, gsl_vector_get(db2, c) + gsl_matrix_get(dz2, n, c));
}

static void compute_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1) {
  size_t n, h, c;
  for (n = 0; n < dz2->size1; n++) {
    for (h = 0; h < W2->size1; h++) {
      double sum = 0;
      for (c = 0; c < W2->size2; c++)
        sum += gsl_matrix_get(dz2, n, c) * gsl_matrix_get(W2, h, c);
      gsl_matrix_set(dp1, n, h, sum);
    }
  }
}

static void compute_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1) {
  size_t n, h;
  for (n = 0; n < z1->size1; n++)
    for (h = 0; h < z1->size2; h++) {
      double d = gsl_matrix_get(dp1, n, h);
      gsl_matrix_set(dz1, n, h, gsl_matrix_get(z1, n, h) > 0 ? d : 0.0);
    }
}

static void compute_dW1(const gsl_matrix *X, const gsl_matrix *dz1,
                        const gsl_matrix *W1, double reg, gsl_matrix *dW1) {
  size_t d, h, n;
  for (d = 0; d < W1->size1; d++) {
    for (h = 0; h < W1->size2; h++) {
      double sum = 0;
      for (n = 0; n < X->size1; n++)
        sum += gsl_matrix_get(X, n, d) * gsl_matrix_get(dz1, n, h);
      gsl_matrix_set(dW1, d, h, sum + 2 * reg * gsl_matrix_get(W1, d, h));
    }
  }
}

static void compute_db1(const gsl_matrix *dz1, gsl_vector *db1) {
  size_t n, h;
  gsl_vector_set_zero(db1);
  for (n = 0; n < dz1->size1; n++)
    for (h = 0; h < dz1->size2; h++)
      gsl_vector_set(db1, h, gsl_vector_get(db1, h) + gsl_matrix_get(dz1, n, h));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  compute_dz2(cache->prob, y, g->dz2);
  compute_dW2(cache->p1, g->dz2, net->W2, reg, g->dW2);
  compute_db2(g->dz2, g->db2);
  compute_dp1(g->dz2, net->W2, g->dp1);
  compute_dz1(g->dp1, cache->z1, g->dz1);
  compute_dW1(X, g->dz1, net->W1, reg, g->dW1);
  compute_db1(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
