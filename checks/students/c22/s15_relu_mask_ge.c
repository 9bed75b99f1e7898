/*
 * backward.c -- assignment 3, two layer network
 * Noah Kim
 *
 * relu_mask() builds the 0/1 matrix like (h > 0).astype(float) in numpy,
 * then I multiply elementwise.  It takes p1 because p1 = relu(z1) is what
 * my forward returned.
 */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* 1.0 where the unit was active, 0.0 elsewhere.  caller frees */
static gsl_matrix *
relu_mask (const gsl_matrix *h)
{
  gsl_matrix *m = gsl_matrix_alloc (h->size1, h->size2);
  for (size_t i = 0; i < h->size1; i++)
    for (size_t j = 0; j < h->size2; j++)
      gsl_matrix_set (m, i, j, gsl_matrix_get (h, i, j) >= 0.0 ? 1.0 : 0.0);
  return m;
}

/* np.dot(A.T, B) into out, with the 2*reg*W term if W != NULL */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
             double reg, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
  if (W != NULL)
    for (size_t i = 0; i < out->size1; i++)
      for (size_t j = 0; j < out->size2; j++)
        out->data[i * out->tda + j] += 2.0 * reg * gsl_matrix_get (W, i, j);
}

static void
bias_grad (const gsl_matrix *dZ, gsl_vector *out)
{
  for (size_t j = 0; j < dZ->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < dZ->size1; i++)
        s += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (out, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* output layer */
  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  bias_grad (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  gsl_matrix *mask = relu_mask (cache->p1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  /* hidden layer */
  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
