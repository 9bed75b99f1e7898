/* Backward pass of the two-layer net (assignment 3).
 *
 * I try to avoid temporaries: the mask is applied in place, the reg
 * term goes in through beta. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(A, i, j)     gsl_matrix_get ((A), (i), (j))
#define SET(A, i, j, v)  gsl_matrix_set ((A), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *Y, *M;
  gsl_vector *e;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  Y = gsl_matrix_calloc (N, C);
  M = gsl_matrix_alloc (N, H);
  e = gsl_vector_alloc (N);
  for (i = 0; i < N; i++)
    {
      SET (Y, i, y[i], 1.0);
      for (j = 0; j < H; j++)
        SET (M, i, j, GET (cache->z1, i, j) > 0 ? 1.0 : 0.0);
    }
  gsl_vector_set_all (e, 1.0);

  /* dz2 = (P - Y)/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Y);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2 + 2 reg W2,  db2 = dz2^T e */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, e, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dz1 = dp1 .* M  (in place, then copy) */
  gsl_matrix_mul_elements (g->dp1, M);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* dW1 = X^T dz1 + 2 reg W1,  db1 = dz1^T e */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, e, 0.0, g->db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (M);
  gsl_vector_free (e);
  g->present = BP_GRADS_ALL;
  return 0;
}
