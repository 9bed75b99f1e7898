/* backward.c -- backprop for the two layer classifier
 * uses row views and gsl_vector_add to sum up the bias gradients
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N, H, C;
  int i, j;
  double v;

  N = X->size1;
  H = net->H;
  C = net->C;
  if (N == 0 || cache->N != N || g->N != N)
    return 1;

  /* --- output layer --- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < (int) N; i++)
    {
      v = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], v - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2: add up the rows of dz2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < (int) C; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* --- hidden layer --- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  for (i = 0; i < (int) N; i++)
    for (j = 0; j < (int) H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          v = gsl_matrix_get (g->dp1, i, j);
        else
          v = 0.0;
        gsl_matrix_set (g->dz1, i, j, v);
      }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1: same as db2 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < (int) N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
