/*
 *  backward.c
 *  Homework 4, CS evening program
 *  H. Vasquez
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N, H;
  int i, j;
  gsl_vector_view row;

  N = X->size1;
  H = net->H;
  if (N != (int) cache->N || X->size2 != net->D || (int) g->N != N)
    return 1;

  /* softmax loss gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      row = gsl_matrix_row (g->dz2, i);
      gsl_vector_set (&row.vector, y[i], gsl_vector_get (&row.vector, y[i]) - 1.0);
      gsl_vector_scale (&row.vector, 1.0 / N);
    }

  /* output layer */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      row = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* relu backward: pass the gradient where it is positive, else 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (g->dp1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* input layer */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      row = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &row.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
