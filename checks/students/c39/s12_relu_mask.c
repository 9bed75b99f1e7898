/*
 *  backward.c  - Assignment 5, backprop for the 2 layer network
 *
 *  Structure follows the "Backprop in C with GSL" tutorial:
 *    step 1  dscores
 *    step 2  second layer params
 *    step 3  back through W2
 *    step 4  back through the ReLU (mask matrix + element-wise product)
 *    step 5  first layer params
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H;
  gsl_matrix *mask;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* step 1 ------------------------------------------------------------ */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; ++i)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* step 2 ------------------------------------------------------------ */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  {
    gsl_matrix *tmp = gsl_matrix_alloc (net->W2->size1, net->W2->size2);
    gsl_matrix_memcpy (tmp, net->W2);
    gsl_matrix_scale (tmp, 2.0 * reg);
    gsl_matrix_add (g->dW2, tmp);
    gsl_matrix_free (tmp);
  }
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* step 3 ------------------------------------------------------------ */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* step 4 ------------------------------------------------------------ */
  mask = gsl_matrix_alloc (N, H);
  for (size_t i = 0; i < N; ++i)
    for (size_t j = 0; j < H; ++j)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (g->dp1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  /* step 5 ------------------------------------------------------------ */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  {
    gsl_matrix *tmp = gsl_matrix_alloc (net->W1->size1, net->W1->size2);
    gsl_matrix_memcpy (tmp, net->W1);
    gsl_matrix_scale (tmp, 2.0 * reg);
    gsl_matrix_add (g->dW1, tmp);
    gsl_matrix_free (tmp);
  }
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
