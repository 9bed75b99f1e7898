/*  backward.c
 *
 *  Two layer net: backward pass.  Everything is averaged over the
 *  batch, so the products get the 1/N as alpha in dgemm.
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
  int N, H, i, j;
  double *row;

  N = (int) X->size1;
  H = (int) net->H;
  if (N == 0 || N != (int) cache->N || H != (int) g->H)
    return 1;

  /* dL/dz2 : softmax minus one-hot, mean over the batch */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      row = g->dz2->data + i * g->dz2->tda;
      row[y[i]] = row[y[i]] - 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dL/dW2 = (1/N) p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0 / N, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* dL/db2 = sum over samples */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_blas_daxpy (1.0, &r.vector, g->db2);
    }

  /* dL/dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dL/dz1, relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dL/dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* dL/db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_blas_daxpy (1.0, &r.vector, g->db1);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
