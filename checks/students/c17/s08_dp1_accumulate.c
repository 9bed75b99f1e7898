// backward.c -- Sofia Marchetti, HW3
//
// Pattern I use everywhere: put the "extra" term into the output first,
// then let dgemm add the product on top with beta = 1.
//
//   dW2 := 2 reg W2 ;  dW2 += p1^T dz2
//   dW1 := 2 reg W1 ;  dW1 += X^T dz1

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
relu_mask (const gsl_matrix *z, gsl_matrix *m)
{
  for (size_t r = 0; r < z->size1; r++)
    for (size_t c = 0; c < z->size2; c++)
      gsl_matrix_set (m, r, c, gsl_matrix_get (z, r, c) > 0.0 ? 1.0 : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  gsl_matrix *M = gsl_matrix_alloc (N, net->H);
  gsl_vector *e = gsl_vector_alloc (N);
  gsl_vector_set_all (e, 1.0);

  // dz2 = (P - Y)/N
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (cache->prob, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  // dW2
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  // db2
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, e, 0.0, g->db2);

  // dp1 = dz2 W2^T
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 1.0, g->dp1);

  // dz1 = dp1 .* [z1 > 0]
  relu_mask (cache->z1, M);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, M);

  // dW1
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  // db1
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, e, 0.0, g->db1);

  gsl_matrix_free (M);
  gsl_vector_free (e);
  g->present = BP_GRADS_ALL;
  return 0;
}
