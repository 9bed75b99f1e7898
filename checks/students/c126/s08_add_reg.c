#include <gsl/gsl_blas.h>
#include "backprop.h"

/* backward pass -- Lab 5
 * helper for the regularisation so I don't write it twice */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* d/dW of reg*|W|^2 : add it to the data gradient dW */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, reg);
  gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *onehot, *relu_mask;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  onehot = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);

  relu_mask = gsl_matrix_alloc (N, H);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (relu_mask, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* output layer */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, onehot);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  add_reg (g->dW2, net->W2, reg);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_mask);

  /* input layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (onehot);
  gsl_matrix_free (relu_mask);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
