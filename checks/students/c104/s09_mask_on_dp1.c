/*
 * backward.c - backprop for the two layer network
 * (structure from the course example: output / hidden / input layer)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define N_ (cache->N)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void output_backward (const bp_net *net, const size_t *y, double reg,
                             const bp_cache *cache, bp_grads *g) {
  size_t i, k;
  for (i = 0; i < N_; i++)
    for (k = 0; k < net->C; k++) {
      double p = gsl_matrix_get (cache->prob, i, k);
      if (k == y[i]) p = p - 1;
      gsl_matrix_set (g->dz2, i, k, p / N_);
    }
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2 * reg, g->dW2);
  for (k = 0; k < net->C; k++) {
    gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, k);
    double s = 0;
    for (i = 0; i < N_; i++) s += gsl_vector_get (&col.vector, i);
    gsl_vector_set (g->db2, k, s);
  }
}

/* relu: the gradient goes through where it is positive, else 0 */
static void hidden_backward (const bp_net *net, const bp_cache *cache,
                             bp_grads *g) {
  size_t i, j;
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N_; i++)
    for (j = 0; j < net->H; j++) {
      double d = gsl_matrix_get (g->dp1, i, j);
      gsl_matrix_set (g->dz1, i, j, d > 0 ? d : 0);
    }
}

static void input_backward (const bp_net *net, const gsl_matrix *X,
                            double reg, const bp_cache *cache, bp_grads *g) {
  size_t i, j;
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  for (j = 0; j < net->H; j++) {
    double s = 0;
    for (i = 0; i < N_; i++) s += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, s);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
  if (X->size1 != N_ || X->size2 != net->D || g->N != X->size1)
    return 1;
  output_backward (net, y, reg, cache, g);
  hidden_backward (net, cache, g);
  input_backward (net, X, reg, cache, g);
  g->present = BP_GRADS_ALL;
  return 0;
}
