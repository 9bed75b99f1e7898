// backward.c  --  Yuki Tanaka
// ML systems course, assignment 3 (two-layer net, GSL edition)
//
// helpers:
//   colsum(M, ones, v) : v = M^T ones       (sum over rows / samples)
//   matmul_tn / matmul_nt : thin dgemm wrappers so I stop mixing the flags up

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
colsum (const gsl_matrix *M, const gsl_vector *ones, gsl_vector *v)
{
  gsl_blas_dgemv (CblasTrans, 1.0, M, ones, 0.0, v);
}

/* out = A^T B */
static void
matmul_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* out = A B^T */
static void
matmul_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, out);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_matrix *keep = gsl_matrix_alloc (N, net->H);
  gsl_vector_set_all (ones, 1.0);

  // scores
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  // second layer params
  matmul_tn (cache->p1, g->dz2, g->dW2);
  gsl_matrix *tmp2 = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (tmp2, net->W2);
  gsl_matrix_scale (tmp2, 2.0 * reg);
  gsl_matrix_add (g->dW2, tmp2);
  gsl_matrix_free (tmp2);
  colsum (g->dz2, ones, g->db2);

  // hidden
  matmul_nt (g->dz2, net->W2, g->dp1);
  colsum (g->dp1, ones, g->db1);

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set (keep, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, keep);

  // first layer weights
  matmul_tn (X, g->dz1, g->dW1);
  gsl_matrix *tmp1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (tmp1, net->W1);
  gsl_matrix_scale (tmp1, 2.0 * reg);
  gsl_matrix_add (g->dW1, tmp1);
  gsl_matrix_free (tmp1);

  gsl_vector_free (ones);
  gsl_matrix_free (keep);
  g->present = BP_GRADS_ALL;
  return 0;
}
