/* backward pass -- homework 3
 * ws: a struct of scratch matrices, made on the first call and freed at the
 * end of it.  Stage 1 works in place on ws->s. */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

struct ws {
  gsl_matrix *s;   /* N x C */
  gsl_matrix *h;   /* N x H */
  gsl_vector *one; /* N */
};

static struct ws *ws_make(size_t N, size_t H, size_t C) {
  struct ws *w = malloc(sizeof(struct ws));
  if (!w) return NULL;
  w->s = gsl_matrix_alloc(N, C);
  w->h = gsl_matrix_alloc(N, H);
  w->one = gsl_vector_alloc(N);
  gsl_vector_set_all(w->one, 1.0);
  return w;
}

static void ws_kill(struct ws *w) {
  gsl_matrix_free(w->s);
  gsl_matrix_free(w->h);
  gsl_vector_free(w->one);
  free(w);
}

static struct ws *ws;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, i, j;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
  if (!ws && !(ws = ws_make(N, net->H, net->C))) return 1;

  /* 1. scores: average over the batch, then subtract the one-hot */
  gsl_matrix_memcpy(ws->s, cache->prob);
  gsl_matrix_scale(ws->s, 1.0 / N);
  for (i = 0; i < N; i++)
    gsl_matrix_set(ws->s, i, y[i], gsl_matrix_get(ws->s, i, y[i]) - 1.0);
  gsl_matrix_memcpy(g->dz2, ws->s);

  /* 2. output layer */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, ws->s, 2 * reg, g->dW2);
  gsl_blas_dgemv(CblasTrans, 1.0, ws->s, ws->one, 0.0, g->db2);

  /* 3. into the hidden layer */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, ws->s, net->W2, 0.0, ws->h);
  gsl_matrix_memcpy(g->dp1, ws->h);

  /* 4. relu mask */
  for (i = 0; i < N; i++) {
    for (j = 0; j < net->H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) <= 0) gsl_matrix_set(ws->h, i, j, 0.);
    }
  }
  gsl_matrix_memcpy(g->dz1, ws->h);

  /* 5. input layer */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, ws->h, 2 * reg, g->dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, ws->h, ws->one, 0.0, g->db1);

  ws_kill(ws);
  ws = NULL;
  g->present = BP_GRADS_ALL;
  return 0;
}
