/* backward.c -- hw5, backprop by hand
 *
 * Raw storage access: GSL keeps A(i,j) at data[i*tda + j] (row major,
 * tda = leading dimension).  The weight gradients are formed transposed,
 * dW^T = dZ^T A (that is the "column" form we derived in class), and
 * copied back with gsl_matrix_transpose_memcpy.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dW2t, *dW1t;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  dW2t = gsl_matrix_alloc (C, H);
  dW1t = gsl_matrix_alloc (H, D);

  /* ---- output layer ---- */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      AT (g->dz2, i, j) = AT (cache->prob, i, j);
  for (i = 0; i < N; i++)
    AT (g->dz2, i, y[i]) -= 1.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      AT (g->dz2, i, j) /= (double) N;

  /* dW2^T = dz2^T p1   (C x H) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz2, cache->p1, 0.0, dW2t);
  gsl_matrix_transpose_memcpy (g->dW2, dW2t);
  for (j = 0; j < C; j++)
    for (i = 0; i < H; i++)
      AT (g->dW2, i, j) += 2.0 * reg * AT (net->W2, i, j);

  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += AT (g->dz2, i, j);
      g->db2->data[j * g->db2->stride] = s;
    }

  /* ---- hidden layer ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: copy, then kill the inactive entries in place */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      if (AT (cache->z1, i, j) <= 0.0)
        AT (g->dz1, i, j) = 0.0;

  /* dW1^T = dz1^T X   (H x D) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz1, X, 0.0, dW1t);
  gsl_matrix_transpose_memcpy (g->dW1, dW1t);
  for (j = 0; j < H; j++)
    for (i = 0; i < D; i++)
      AT (g->dW1, i, j) += 2.0 * reg * AT (net->W1, i, j);

  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += AT (g->dz1, i, j);
      g->db1->data[j * g->db1->stride] = s;
    }

  gsl_matrix_free (dW2t);
  gsl_matrix_free (dW1t);
  g->present = BP_GRADS_ALL;
  return 0;
}
