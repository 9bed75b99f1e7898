/*
 * Yapay Sinir Aglari - Odev 2
 * Kerem Aksoy
 *
 * Backward pass. For the ReLU I compute the mask again from X and W1
 * (maske[i][j] = 1 if the neuron was active), the forward pass is
 * z1 = X*W1 + b1.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *maske;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  maske = gsl_matrix_alloc (N, net->H);
  if (!maske)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ReLU mask: active where X*W1 > 0 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, maske);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double m = gsl_matrix_get (maske, i, j) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, m * gsl_matrix_get (g->dp1, i, j));
      }

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  gsl_matrix_free (maske);
  g->present = BP_GRADS_ALL;
  return 0;
}
