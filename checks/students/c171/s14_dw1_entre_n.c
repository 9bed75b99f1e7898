/* ---------------------------------------------------------------
   backward.c     Tarea 3 (Redes Neuronales, sem. 2024-2)
   Andrea Paola Rios Delgado
   --------------------------------------------------------------- */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  double aux;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dscores = (probs - y) / N */
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++) {
      aux = gsl_matrix_get (cache->prob, i, k);
      if (k == y[i]) aux = aux - 1.0;
      gsl_matrix_set (g->dz2, i, k, aux / N);
    }
  }

  /* 2. dW2 = hidden' dscores + 2 reg W2 */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      aux = 0.0;
      for (i = 0; i < N; i++)
        aux += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      gsl_matrix_set (g->dW2, j, k, aux + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
    }
  }

  /* 3. db2 */
  for (k = 0; k < C; k++) {
    aux = 0.0;
    for (i = 0; i < N; i++) aux += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, aux);
  }

  /* 4. dhidden = dscores W2' */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      aux = 0.0;
      for (k = 0; k < C; k++)
        aux += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, aux);
    }
  }

  /* 5. dz1 = dhidden * [z1 > 0] */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      aux = (gsl_matrix_get (cache->z1, i, j) > 0.0) ? gsl_matrix_get (g->dp1, i, j) : 0.0;
      gsl_matrix_set (g->dz1, i, j, aux);
    }
  }

  /* 6. dW1 = X' dz1 (promedio sobre el batch) + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0 / N, X, g->dz1, 2.0 * reg, g->dW1);

  /* 7. db1 */
  for (j = 0; j < H; j++) {
    aux = 0.0;
    for (i = 0; i < N; i++) aux += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, aux);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
