/* backward.c -- two-layer net, backward pass
 *
 * I find it easier to think in the column convention (samples as columns),
 * so I compute the transposed gradients there and transpose back:
 *     dZ2' = (P - Y)' / N                          (C x N)
 *     dW2' = dZ2' p1              -> dW2 = (.)'      (C x H)
 *     dP1' = W2 dZ2'                               (H x N)
 *     dZ1' = dP1' .* [p1' > 0]    (p1 > 0 <=> z1 > 0, relu is strictly
 *                                   positive exactly where z1 is)
 *     dW1' = dZ1' X               -> dW1            (H x D)
 *     db   = row sums of dZ'  = dZ' 1
 * plus the penalty, d/dW reg tr(W'W) = 2 reg W.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static int
weight_grad (const gsl_matrix *dZt, const gsl_matrix *A, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  /* dW' = dZ' A, then dW = (dW')' + 2 reg W */
  gsl_matrix *t = gsl_matrix_alloc (dZt->size1, A->size2);
  if (!t)
    return 1;
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dZt, A, 0.0, t);
  gsl_matrix_transpose_memcpy (dW, t);
  gsl_matrix_free (t);
  {
    size_t i, j;
    for (i = 0; i < W->size1; i++)
      for (j = 0; j < W->size2; j++)
        *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
  }
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  gsl_matrix *dZ2t = gsl_matrix_alloc (C, N);
  gsl_matrix *dZ1t = gsl_matrix_alloc (H, N);
  gsl_vector *one = gsl_vector_alloc (N);
  size_t i, j;
  int err = 0;

  if (!dZ2t || !dZ1t || !one)
    return 1;
  gsl_vector_set_all (one, 1.0);

  /* dZ2' */
  gsl_matrix_transpose_memcpy (dZ2t, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (dZ2t, y[i], i) -= 1.0;
  gsl_matrix_scale (dZ2t, 1.0 / N);
  gsl_matrix_transpose_memcpy (g->dz2, dZ2t);

  err |= weight_grad (dZ2t, cache->p1, net->W2, reg, g->dW2);
  gsl_blas_dgemv (CblasNoTrans, 1.0, dZ2t, one, 0.0, g->db2);

  /* dP1' = W2 dZ2' */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, net->W2, dZ2t, 0.0, dZ1t);
  gsl_matrix_transpose_memcpy (g->dp1, dZ1t);

  /* dZ1' = dP1' .* [p1' > 0], in place */
  for (i = 0; i < H; i++)
    for (j = 0; j < N; j++)
      if (gsl_matrix_get (cache->p1, j, i) <= 0.0)
        gsl_matrix_set (dZ1t, i, j, 0.0);
  gsl_matrix_transpose_memcpy (g->dz1, dZ1t);

  err |= weight_grad (dZ1t, X, net->W1, reg, g->dW1);
  gsl_blas_dgemv (CblasNoTrans, 1.0, dZ1t, one, 0.0, g->db1);

  gsl_matrix_free (dZ2t);
  gsl_matrix_free (dZ1t);
  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return err;
}
