/*
 * backward.c -- two-layer net, backward pass (lab 4)
 *
 *   dz2 = (P - Y)/N
 *   dW2 = h' dz2 + 2 reg W2,    db2 = sum_rows dz2
 *   dh  = dz2 W2'
 *   dz1 = dh * 1[z1>0]
 *   dW1 = X' dz1 + 2 reg W1,    db1 = sum_rows dz1
 */

#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

#define Z1 (cache->z1)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_matrix *m = gsl_matrix_alloc (N, H);
  size_t i;

  gsl_vector_set_all (ones, 1.0);

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, Z1, g->dz2, 2 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N * H; i++)
    m->data[(i / H) * m->tda + i % H]
      = Z1->data[(i / H) * Z1->tda + i % H] > 0 ? 1.0 : 0.0;
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, m);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (m);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
