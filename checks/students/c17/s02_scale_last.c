// hw2 backward pass -- T. Okafor
// Strategy: keep dz2 UNscaled (prob - onehot) while using it, put the
// 1/N into alpha of every product that reads it, then scale dz2 itself
// at the very end.  Penalty folded into dgemm via beta (C := alpha AB + beta C
// with C preloaded with W).

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = a * op(A) op(B) + b * C */
static void
mm (CBLAS_TRANSPOSE_t ta, CBLAS_TRANSPOSE_t tb, double a,
    const gsl_matrix *A, const gsl_matrix *B, double b, gsl_matrix *Cm)
{
  gsl_blas_dgemm (ta, tb, a, A, B, b, Cm);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = cache->N;
  double inv_n = 1.0 / n;
  gsl_vector *one_n = gsl_vector_alloc (n);
  gsl_matrix *relu_on = gsl_matrix_alloc (n, net->H);

  gsl_vector_set_all (one_n, 1.0);

  // raw score gradient: prob - onehot
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < n; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  // dW2 = (1/n) p1' raw + 2 reg W2
  gsl_matrix_memcpy (g->dW2, net->W2);
  mm (CblasTrans, CblasNoTrans, inv_n, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  // db2 = (1/n) raw' 1
  gsl_blas_dgemv (CblasTrans, inv_n, g->dz2, one_n, 0.0, g->db2);

  // dp1 = (1/n) raw W2'
  mm (CblasNoTrans, CblasTrans, inv_n, g->dz2, net->W2, 0.0, g->dp1);

  // relu: p1 > 0 exactly where z1 > 0
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set (relu_on, i, j, gsl_matrix_get (cache->p1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, relu_on);
  gsl_matrix_mul_elements (g->dz1, g->dp1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  mm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one_n, 0.0, g->db1);

  // now make dz2 the real gradient
  gsl_matrix_scale (g->dz2, inv_n);

  gsl_vector_free (one_n);
  gsl_matrix_free (relu_on);
  g->present = BP_GRADS_ALL;
  return 0;
}
