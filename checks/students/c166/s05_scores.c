/* backward.c -- Assignment 2, two-layer net backward pass
 * (gradients of the mean softmax loss + L2)
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct grads_local {
  gsl_matrix *dscores, *dhidden, *dW1, *dW2;
  gsl_vector *db1, *db2;
} gl_t;

static gl_t *gl_new(size_t N, size_t D, size_t H, size_t C) {
  gl_t *t = malloc(sizeof(gl_t));
  t->dscores = gsl_matrix_calloc(N, C);
  t->dhidden = gsl_matrix_calloc(N, H);
  t->dW1 = gsl_matrix_calloc(D, H);
  t->dW2 = gsl_matrix_calloc(H, C);
  t->db1 = gsl_vector_calloc(H);
  t->db2 = gsl_vector_calloc(C);
  return t;
}

static void gl_del(gl_t *t) {
  gsl_matrix_free(t->dscores); gsl_matrix_free(t->dhidden);
  gsl_matrix_free(t->dW1); gsl_matrix_free(t->dW2);
  gsl_vector_free(t->db1); gsl_vector_free(t->db2);
  free(t);
}

static void colsums(const gsl_matrix *A, gsl_vector *s) {
  size_t i;
  gsl_vector_set_zero(s);
  for (i = 0; i < A->size1; i++) {
    gsl_vector_const_view r = gsl_matrix_const_row(A, i);
    gsl_vector_add(s, &r.vector);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, i, j;
  gl_t *G = gl_new(N, net->D, H, net->C);
  gsl_matrix *dz1 = gsl_matrix_alloc(N, H);

  /* dL/dscores: softmax minus one-hot, averaged */
  gsl_matrix_memcpy(G->dscores, cache->z2);
  for (i = 0; i < N; i++)
    gsl_matrix_set(G->dscores, i, y[i], gsl_matrix_get(G->dscores, i, y[i]) - 1.0);
  gsl_matrix_scale(G->dscores, 1.0 / N);

  /* W2, b2 */
  gsl_matrix_memcpy(G->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, G->dscores, 2.0 * reg, G->dW2);
  colsums(G->dscores, G->db2);

  /* into the hidden layer */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G->dscores, net->W2, 0.0, G->dhidden);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(dz1, i, j,
                     gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(G->dhidden, i, j) : 0.0);

  /* W1, b1 */
  gsl_matrix_memcpy(G->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, G->dW1);
  colsums(dz1, G->db1);

  gsl_matrix_memcpy(g->dz2, G->dscores);
  gsl_matrix_memcpy(g->dW2, G->dW2);
  gsl_vector_memcpy(g->db2, G->db2);
  gsl_matrix_memcpy(g->dp1, G->dhidden);
  gsl_matrix_memcpy(g->dz1, dz1);
  gsl_matrix_memcpy(g->dW1, G->dW1);
  gsl_vector_memcpy(g->db1, G->db1);
  g->present = BP_GRADS_ALL;

  gl_del(G);
  gsl_matrix_free(dz1);
  return 0;
}
