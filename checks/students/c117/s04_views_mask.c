// backward.c -- Lab 3, backward pass.
// Style: whole-matrix GSL operations on views where possible, every
// return code checked, one exit path that frees the temporaries.
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// out[j] = sum_i A[i][j], one column view at a time
static int col_sums(const gsl_matrix *A, gsl_vector *out)
{
  size_t j;
  if (out->size != A->size2)
    return GSL_EBADLEN;
  for (j = 0; j < A->size2; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column(A, j);
    gsl_vector_set(out, j, gsl_vector_sum(&col.vector));
  }
  return GSL_SUCCESS;
}

// dW = in^T dout + 2 reg W, with the penalty built in a scratch copy of W
static int weight_grad(const gsl_matrix *in, const gsl_matrix *dout,
                       const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  int err;
  gsl_matrix *pen = gsl_matrix_alloc(W->size1, W->size2);
  if (pen == NULL)
    return GSL_ENOMEM;
  err = gsl_matrix_memcpy(pen, W);
  if (!err)
    err = gsl_matrix_scale(pen, 2.0 * reg);
  if (!err)
    err = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);
  if (!err)
    err = gsl_matrix_add(dW, pen);
  gsl_matrix_free(pen);
  return err;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int err = GSL_SUCCESS;
  size_t i, j;
  const size_t N = X->size1;
  gsl_matrix *mask = NULL;   // 1 where the relu was active, else 0

  if (N != cache->N || N != g->N || X->size2 != net->D)
    return GSL_EBADLEN;
  if (cache->z1->size2 != net->H || cache->prob->size2 != net->C)
    return GSL_EBADLEN;

  // dz2: start from the probabilities, take 1 off the true class
  if ((err = gsl_matrix_memcpy(g->dz2, cache->prob)) != GSL_SUCCESS)
    goto done;
  for (i = 0; i < N; i++) {
    gsl_vector_view row = gsl_matrix_row(g->dz2, i);
    if (y[i] >= row.vector.size) {
      err = GSL_EINVAL;
      goto done;
    }
    *gsl_vector_ptr(&row.vector, y[i]) -= 1.0;
  }
  if ((err = gsl_matrix_scale(g->dz2, 1.0 / (double)N)) != GSL_SUCCESS)
    goto done;

  // second layer
  if ((err = weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2)) != GSL_SUCCESS)
    goto done;
  if ((err = col_sums(g->dz2, g->db2)) != GSL_SUCCESS)
    goto done;
  if ((err = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                            0.0, g->dp1)) != GSL_SUCCESS)
    goto done;

  // relu: dz1 = dp1 .* mask
  mask = gsl_matrix_calloc(N, net->H);
  if (mask == NULL) {
    err = GSL_ENOMEM;
    goto done;
  }
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get(cache->z1, i, j) > 0.0)
        gsl_matrix_set(mask, i, j, 1.0);
  if ((err = gsl_matrix_memcpy(g->dz1, g->dp1)) != GSL_SUCCESS)
    goto done;
  if ((err = gsl_matrix_mul_elements(g->dz1, mask)) != GSL_SUCCESS)
    goto done;

  // first layer
  if ((err = weight_grad(X, g->dz1, net->W1, reg, g->dW1)) != GSL_SUCCESS)
    goto done;
  if ((err = col_sums(g->dz1, g->db1)) != GSL_SUCCESS)
    goto done;

  g->present = BP_GRADS_ALL;
done:
  gsl_matrix_free(mask);
  return err;
}
