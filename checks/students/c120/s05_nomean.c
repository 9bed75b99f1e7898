/* backward.c
 * two layer net, backward.  helper functions first, they are reused
 * for both layers.  */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B */
void matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C) {
  for (size_t r = 0; r < C->size1; r++)
    for (size_t c = 0; c < C->size2; c++) {
      double acc = 0;
      for (size_t k = 0; k < A->size1; k++)
        acc += gsl_matrix_get (A, k, r) * gsl_matrix_get (B, k, c);
      gsl_matrix_set (C, r, c, acc);
    }
}

/* C = A B^T */
void matmul_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C) {
  for (size_t r = 0; r < C->size1; r++)
    for (size_t c = 0; c < C->size2; c++) {
      double acc = 0;
      for (size_t k = 0; k < A->size2; k++)
        acc += gsl_matrix_get (A, r, k) * gsl_matrix_get (B, c, k);
      gsl_matrix_set (C, r, c, acc);
    }
}

void colsum (const gsl_matrix *A, gsl_vector *out) {
  gsl_vector_set_zero (out);
  for (size_t r = 0; r < A->size1; r++)
    for (size_t c = 0; c < A->size2; c++)
      gsl_vector_set (out, c, gsl_vector_get (out, c) + gsl_matrix_get (A, r, c));
}

/* out = dA where Z > 0, 0 elsewhere */
void relu_mask (const gsl_matrix *dA, const gsl_matrix *Z, gsl_matrix *out) {
  for (size_t r = 0; r < Z->size1; r++)
    for (size_t c = 0; c < Z->size2; c++)
      gsl_matrix_set (out, r, c, gsl_matrix_get (Z, r, c) > 0 ? gsl_matrix_get (dA, r, c) : 0.0);
}

/* A += alpha * B */
void add_scaled (gsl_matrix *A, const gsl_matrix *B, double alpha) {
  for (size_t r = 0; r < A->size1; r++)
    for (size_t c = 0; c < A->size2; c++)
      gsl_matrix_set (A, r, c, gsl_matrix_get (A, r, c) + alpha * gsl_matrix_get (B, r, c));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dL/dscores = probs - onehot  (the 1/N is taken care of in the loss) */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < net->C; k++) {
      double p = gsl_matrix_get (cache->prob, i, k);
      gsl_matrix_set (g->dz2, i, k, p - (k == y[i] ? 1.0 : 0.0));
    }

  matmul_AtB (cache->p1, g->dz2, g->dW2);      /* dW2 = h^T dscores */
  add_scaled (g->dW2, net->W2, 2 * reg);
  colsum (g->dz2, g->db2);
  matmul_ABt (g->dz2, net->W2, g->dp1);        /* dhidden */
  relu_mask (g->dp1, cache->z1, g->dz1);
  matmul_AtB (X, g->dz1, g->dW1);
  add_scaled (g->dW1, net->W1, 2 * reg);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
