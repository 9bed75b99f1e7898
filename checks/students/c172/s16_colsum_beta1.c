/* backward.c -- Assignment 2: backward pass of the two-layer network.
 *
 * Small const-correct helpers for the pieces used twice (the column sums
 * for the biases, the weight gradient with its L2 term); dgemm/dgemv for
 * every product.
 *
 * Shapes:  X (N,D)  W1 (D,H)  b1 (H)  W2 (H,C)  b2 (C)
 *          z1, p1 (N,H)       z2, prob (N,C)
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out (M) = A' (M,N) 1 (N): column sums of A (N,M) */
static int
colsum (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  if (ones == NULL)
    return GSL_ENOMEM;
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 1.0, out);
  gsl_vector_free (ones);
  return GSL_SUCCESS;
}

/* dW (K,M) = A' (K,N) dZ (N,M) + 2 reg W (K,M) */
static void
wgrad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
       double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i, j;
  int err;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 (N,C) = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  wgrad (cache->p1, g->dz2, net->W2, reg, g->dW2);            /* dW2 (H,C) */
  err = colsum (g->dz2, g->db2);                              /* db2 (C) */

  /* dp1 (N,H) = dz2 (N,C) W2' (C,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 (N,H) = dp1 .* [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                                    ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  wgrad (X, g->dz1, net->W1, reg, g->dW1);                    /* dW1 (D,H) */
  if (err == GSL_SUCCESS)
    err = colsum (g->dz1, g->db1);                            /* db1 (H) */

  g->present = BP_GRADS_ALL;
  return err;
}
