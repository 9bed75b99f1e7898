/*
 * hw4/backward.c
 * Wei Zhang (wz231)
 *
 * Forward (net.h):  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2
 * Loss = mean CE + reg*(|W1|^2 + |W2|^2)   (no 1/2!)
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW += 2*reg*W, treating both matrices as flat arrays */
static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_vector_view d = gsl_vector_view_array (dW->data, dW->size1 * dW->size2);
  gsl_vector_const_view w = gsl_vector_const_view_array (W->data, W->size1 * W->size2);
  gsl_blas_daxpy (2 * reg, &w.vector, &d.vector);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double invN = 1.0 / (double) N;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_matrix *relu_grad = gsl_matrix_alloc (N, net->H);

  gsl_vector_set_all (ones, 1.0);

  /* --- dz2 (N,C) --- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, invN);

  /* --- dW2 (H,C) = p1^T dz2 averaged over the batch --- */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, invN, cache->p1, g->dz2, 0.0, g->dW2);
  add_l2 (g->dW2, net->W2, reg);

  /* --- db2 (C) --- */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* --- dp1 (N,H) --- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* --- dz1 (N,H) --- */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set (relu_grad, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1 : 0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_grad);

  /* --- dW1 (D,H) --- */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_l2 (g->dW1, net->W1, reg);

  /* --- db1 (H) --- */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  gsl_matrix_free (relu_grad);
  g->present = BP_GRADS_ALL;
  return 0;
}
