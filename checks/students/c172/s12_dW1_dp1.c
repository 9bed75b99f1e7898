/* backward.c -- backward pass of the 2-layer net (N samples, D -> H -> C).
 *
 * dz2 -> (dW2, db2, dp1) -> dz1 -> (dW1, db1)
 * All products with gsl_blas_dgemm; loops only for the elementwise parts.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

/* dW (K,M) = A' (K,N) dZ (N,M) + 2 reg W (K,M) */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

/* db (M) = sum_n dZ(n, :) */
static void
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t n;
  gsl_vector_set_zero (db);
  for (n = 0; n < dZ->size1; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (dZ, n);
      gsl_vector_add (db, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t n, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 (N,C) */
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view pr = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_view dr = gsl_matrix_row (g->dz2, n);
      gsl_vector_memcpy (&dr.vector, &pr.vector);
      gsl_vector_set (&dr.vector, y[n], gsl_vector_get (&dr.vector, y[n]) - 1.0);
      gsl_vector_scale (&dr.vector, 1.0 / (double) N);
    }

  /* layer 2 */
  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);       /* (H,C) */
  bias_grad (g->dz2, g->db2);                                  /* (C)   */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);                                /* (N,H) */

  /* relu: dz1 (N,H) */
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      {
        double d = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h,
                        gsl_matrix_get (cache->z1, n, h) > 0.0 ? d : 0.0);
      }

  /* layer 1 */
  weight_grad (X, g->dp1, net->W1, reg, g->dW1);               /* (D,H) */
  bias_grad (g->dz1, g->db1);                                  /* (H)   */

  g->present = BP_GRADS_ALL;
  return 0;
}
