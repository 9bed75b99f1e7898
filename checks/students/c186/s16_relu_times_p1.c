/*  Lab 3  -  two layer net, backward
 *  Duong Khanh Linh - 20205890
 *
 *  ReLU backward: dhidden * relu(z1)   (chain rule with the activation)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  gsl_vector_set_zero (v);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_vector_set (v, j, gsl_vector_get (v, j) + gsl_matrix_get (A, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores = g->dz2, *dhidden = g->dp1;

  if (N != cache->N || X->size2 != D || g->N != N) {
    return 1;
  }

  /* dscores = (probs - onehot) / N */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++) {
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  }
  gsl_matrix_scale (dscores, 1.0 / N);

  /* dW2 */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      double s = 0;
      for (i = 0; i < N; i++) {
        s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (dscores, i, k);
      }
      gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
    }
  }
  sum_rows (dscores, g->db2);

  /* dhidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

  /* back through the relu */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double dh = gsl_matrix_get (dhidden, i, j);
      gsl_matrix_set (g->dz1, i, j, dh * gsl_matrix_get (cache->p1, i, j));
    }
  }

  /* dW1 */
  for (i = 0; i < D; i++) {
    for (j = 0; j < H; j++) {
      double s = 0;
      for (k = 0; k < N; k++) {
        s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
      }
      gsl_matrix_set (g->dW1, i, j, s + 2 * reg * gsl_matrix_get (net->W1, i, j));
    }
  }
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
