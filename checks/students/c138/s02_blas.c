// Backward pass for the 2-layer net (assignment 2)
// Student: 45127783
//
// Uses gsl_blas_dgemm for all the matrix products like we did in the
// week 6 lab. The bias gradients are done as ones^T * dZ with dgemv.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_train = X->size1;
  size_t num_hidden = net->H;
  size_t i, j;
  gsl_vector *ones;

  if (num_train != cache->N || X->size2 != net->D || g->N != num_train)
    return 1;

  // ---- dscores ----
  // softmax gradient: subtract 1 at the correct class, then average
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < num_train; i++)
    {
      double v = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], v - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) num_train);

  // ---- second layer ----
  // dW2 = p1' * dz2 + 2*reg*W2  (start dW2 at W2 and use beta)
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  ones = gsl_vector_alloc (num_train);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  // db2 = dz2' * ones
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  // dp1 = dz2 * W2'
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  // ---- relu ----
  // p1 > 0 exactly when z1 > 0, so the mask can come from p1
  for (i = 0; i < num_train; i++)
    for (j = 0; j < num_hidden; j++)
      {
        if (gsl_matrix_get (cache->p1, i, j) > 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  // ---- first layer ----
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
