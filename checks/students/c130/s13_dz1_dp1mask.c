/* backward.c
 * CSC 311 -- Homework 3, Q4 (the C part)
 * Wei Zhang
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* relu backward: pass the gradient where it is positive, zero elsewhere */
static void
relu_back (const gsl_matrix *dout, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < dout->size1; i++)
    for (j = 0; j < dout->size2; j++)
      {
        double d = gsl_matrix_get (dout, i, j);
        gsl_matrix_set (dx, i, j, d > 0 ? d : 0.0);
      }
}

/* b[j] = sum_i dout[i][j] */
static void
bias_grad (const gsl_matrix *dout, gsl_vector *db)
{
  size_t i, j;
  for (j = 0; j < dout->size2; j++)
    {
      double s = 0;
      for (i = 0; i < dout->size1; i++)
        s += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax loss gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* layer 2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  bias_grad (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* relu */
  relu_back (g->dp1, g->dz1);

  /* layer 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
