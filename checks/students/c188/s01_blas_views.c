/* backward.c -- opgave 3 (Numerieke Wiskunde / ML), backward pass
 *
 *   Z1 = X W1 + b1,  A1 = max(0, Z1),  Z2 = A1 W2 + b2,  P = softmax(Z2)
 *   L  = (1/N) sum_i -log P(i, y_i) + reg (|W1|^2 + |W2|^2)
 *
 * Alles met gsl_blas_dgemm, de kolomsommen met een vector van enen.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;
  const gsl_matrix *P = cache->prob, *Z1 = cache->z1, *A1 = cache->p1;
  gsl_matrix *G = g->dz2, *Gh = g->dp1;
  gsl_vector *e;

  if (N != cache->N || g->N != N)
    return 1;
  e = gsl_vector_alloc (N);
  gsl_vector_set_all (e, 1.0);

  /* G = dL/dZ2 = (P - Y) / N,  Y = one-hot(y) */
  gsl_matrix_memcpy (G, P);
  for (i = 0; i < N; i++)
    gsl_matrix_set (G, i, y[i], gsl_matrix_get (G, i, y[i]) - 1.0);
  gsl_matrix_scale (G, 1.0 / (double) N);

  /* dW2 = A1^T G + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A1, G, 2.0 * reg, g->dW2);

  /* db2 = G^T e */
  gsl_blas_dgemv (CblasTrans, 1.0, G, e, 0.0, g->db2);

  /* Gh = dL/dA1 = G W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, Gh);

  /* dZ1 = Gh .* 1[Z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (Z1, i, j) > 0.0 ? gsl_matrix_get (Gh, i, j) : 0.0);

  /* dW1 = X^T dZ1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = dZ1^T e */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, e, 0.0, g->db1);

  gsl_vector_free (e);
  g->present = BP_GRADS_ALL;
  return 0;
}
