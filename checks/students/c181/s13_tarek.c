/* Tarek Nabil - NN assignment 3
 * backward pass. I divide the probs by N first so every gradient after
 * it is already averaged over the batch. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
sum_samples (const gsl_matrix *delta, gsl_vector *db)
{
  size_t i;
  gsl_vector_set_zero (db);
  for (i = 0; i < delta->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (delta, i);
      gsl_blas_daxpy (1.0, &r.vector, db);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *delta3 = g->dz2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* delta3 = probs / N, then subtract 1 at the correct class */
  gsl_matrix_memcpy (delta3, cache->prob);
  gsl_matrix_scale (delta3, 1.0 / (double) N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (delta3, i, y[i], gsl_matrix_get (delta3, i, y[i]) - 1.0);

  /* W2 gradient */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, delta3,
                  2.0 * reg, g->dW2);
  sum_samples (delta3, g->db2);

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta3, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* W1 gradient */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  sum_samples (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
