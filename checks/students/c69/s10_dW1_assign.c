#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = g->H, C = g->C, i, j, k;
  double s;
  g->present = BP_GRADS_ALL;

  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j));
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++) for (j = 0; j < C; j++) g->db2->data[j * g->db2->stride] += gsl_matrix_get (g->dz2, i, j);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) if (gsl_matrix_get (cache->p1, i, j) == 0) gsl_matrix_set (g->dz1, i, j, 0);

  /* dW1 by hand, blas gave me shape errors */
  for (i = 0; i < D; i++) for (j = 0; j < H; j++) { s = 0; for (k = 0; k < N; k++) s = gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j); gsl_matrix_set (g->dW1, i, j, s + 2 * reg * gsl_matrix_get (net->W1, i, j)); }
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) g->db1->data[j * g->db1->stride] += gsl_matrix_get (g->dz1, i, j);

  return 0;
}
