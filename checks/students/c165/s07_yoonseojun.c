/* Yoon Seojun
 * Assignment 2 -- backprop for the 2-layer network by hand.
 * forward: z1 = X W1 + b1 -> relu -> z2 = p1 W2 + b2 -> softmax */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* bias gradient: sum dZ over the samples */
static void
sum_over_batch (gsl_vector *db, const gsl_matrix *dZ)
{
  size_t i, j;

  for (j = 0; j < dZ->size2; j++)
    {
      double t = 0.0;
      for (i = 0; i < dZ->size1; i++)
        t += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, t);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dW1 = g->dW1, *dW2 = g->dW2;
  gsl_vector *db1 = g->db1, *db2 = g->db2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + CE */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double t = (j == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, j,
                        (gsl_matrix_get (cache->prob, i, j) - t) / (double) N);
      }

  /* second affine; d/dW (reg |W|^2) = 2 reg W */
  gsl_matrix_memcpy (dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, dW2);
  sum_over_batch (db2, g->dz2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0.0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* first affine, same as above */
  gsl_matrix_memcpy (dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, reg, dW1);
  sum_over_batch (db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
