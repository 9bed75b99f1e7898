/*
 * Assignment 2: backward.
 *
 * From my assignment-1 library (act.c / lin.c):
 *   relu_grad(z, upstream, out)   out = upstream * (z > 0)
 *   linear_back_W(in, dout, dW)   dW = in^T dout
 *   linear_back_x(dout, W, din)   din = dout W^T
 *   colsum(A, v)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void
relu_grad (const gsl_matrix *z, const gsl_matrix *upstream, gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (out, i, j,
                      gsl_matrix_get (z, i, j) > 0 ? gsl_matrix_get (upstream, i, j) : 0);
}

static void
linear_back_W (const gsl_matrix *in, const gsl_matrix *dout, gsl_matrix *dW)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);
}

static void
linear_back_x (const gsl_matrix *dout, const gsl_matrix *W, gsl_matrix *din)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (v, j, s);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + CE */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* second affine */
  linear_back_W (cache->p1, g->dz2, g->dW2);
  {
    gsl_matrix *r = gsl_matrix_alloc (net->H, net->C);
    gsl_matrix_memcpy (r, net->W2);
    gsl_matrix_scale (r, 2 * reg);
    gsl_matrix_add (g->dW2, r);
    gsl_matrix_free (r);
  }
  colsum (g->dz2, g->db2);
  linear_back_x (g->dz2, net->W2, g->dp1);

  /* relu */
  relu_grad (g->dp1, cache->z1, g->dz1);

  /* first affine */
  linear_back_W (X, g->dz1, g->dW1);
  {
    gsl_matrix *r = gsl_matrix_alloc (net->D, net->H);
    gsl_matrix_memcpy (r, net->W1);
    gsl_matrix_scale (r, 2 * reg);
    gsl_matrix_add (g->dW1, r);
    gsl_matrix_free (r);
  }
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
