/**
 * @file backward.c
 * @brief Two-layer net, backward pass -- CS-412 lab 5.
 *
 * The softmax is recomputed from the scores z2 in the log domain
 * (prob = exp(z2 - logsumexp(z2))) instead of reading cache->prob, so that
 * this file can also be used with a cache that has no prob (lab 6).
 * The ReLU derivative is materialised as a 0/1 mask matrix and applied with
 * gsl_matrix_mul_elements.  The L2 gradient is written as reg * (W + W).
 *
 * TODO(lab6): reuse the mask matrix between calls instead of allocating.
 */

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

/** Error codes returned by every helper of this file. */
enum lab5_error {
  LAB5_SUCCESS = 0,
  LAB5_EINVAL = -1,     /**< NULL argument or bad label */
  LAB5_EDIM = -2,       /**< dimension mismatch */
  LAB5_ENOMEM = -3      /**< allocation failed */
};

/** Which affine layer a helper works on. */
enum lab5_layer {
  LAB5_LAYER_HIDDEN = 1,  /**< X -> z1, parameters W1, b1 */
  LAB5_LAYER_SCORES = 2   /**< p1 -> z2, parameters W2, b2 */
};

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/**
 * @brief log(sum_j exp(row_j)) computed stably.
 * @param z   score matrix
 * @param row row index
 */
static double
row_logsumexp (const gsl_matrix *z, size_t row)
{
  size_t j;
  double m = gsl_matrix_get (z, row, 0), s = 0.0;

  for (j = 1; j < z->size2; j++)
    if (gsl_matrix_get (z, row, j) > m)
      m = gsl_matrix_get (z, row, j);
  for (j = 0; j < z->size2; j++)
    s += exp (gsl_matrix_get (z, row, j) - m);
  return m + log (s);
}

/**
 * @brief dz2 = (softmax(z2) - onehot(y)) / N, softmax from the log domain.
 * @return LAB5_SUCCESS or LAB5_EINVAL for a label out of range.
 */
static int
lab5_score_gradient (const gsl_matrix *z2, const size_t *y, gsl_matrix *dz2)
{
  size_t i, j;
  const size_t n = z2->size1;

  if (dz2->size1 != z2->size1 || dz2->size2 != z2->size2)
    return LAB5_EDIM;
  for (i = 0; i < n; i++)
    {
      const double lse = row_logsumexp (z2, i);
      if (y[i] >= z2->size2)
        return LAB5_EINVAL;
      for (j = 0; j < z2->size2; j++)
        {
          double p = exp (gsl_matrix_get (z2, i, j) - lse);
          if (j == y[i])
            p -= 1.0;
          gsl_matrix_set (dz2, i, j, p / (double) n);
        }
    }
  return LAB5_SUCCESS;
}

/**
 * @brief Parameter gradients of one affine layer:
 *        dW = input' dZ + reg (W + W),  db = 1' dZ.
 * @param layer which layer (only used for the parameter lookup)
 */
static int
lab5_affine_param_grads (const bp_net *net, enum lab5_layer layer,
                         const gsl_matrix *input, const gsl_matrix *dZ,
                         double reg, gsl_matrix *dW, gsl_vector *db)
{
  const gsl_matrix *W;
  size_t i, j;

  switch (layer)
    {
    case LAB5_LAYER_HIDDEN: W = net->W1; break;
    case LAB5_LAYER_SCORES: W = net->W2; break;
    default: return LAB5_EINVAL;
    }
  if (W->size1 != dW->size1 || W->size2 != dW->size2
      || input->size2 != dW->size1 || dZ->size2 != dW->size2
      || db->size != dZ->size2)
    return LAB5_EDIM;

  /* dW = reg * W; dW += reg * W; dW += input' dZ */
  gsl_matrix_memcpy (dW, W);
  gsl_matrix_scale (dW, reg);
  gsl_matrix_add (dW, dW);
  if (gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, input, dZ, 1.0, dW))
    return LAB5_EDIM;

  /* column sums, walking column-major */
  for (j = 0; j < dZ->size2; j++)
    {
      double s = 0.0;
      for (i = dZ->size1; i-- > 0;)
        s += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, s);
    }
  return LAB5_SUCCESS;
}

/**
 * @brief dz1 = dp1 .* [z1 > 0] through an explicit 0/1 mask matrix.
 */
static int
lab5_relu_backward (const gsl_matrix *dp1, const gsl_matrix *z1,
                    gsl_matrix *dz1)
{
  gsl_matrix *mask;
  size_t i, j;

  if (dp1->size1 != z1->size1 || dp1->size2 != z1->size2)
    return LAB5_EDIM;
  mask = gsl_matrix_alloc (z1->size1, z1->size2);
  if (mask == NULL)
    return LAB5_ENOMEM;
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (dz1, dp1);
  gsl_matrix_mul_elements (dz1, mask);
  gsl_matrix_free (mask);
  return LAB5_SUCCESS;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int rc;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return LAB5_EINVAL;
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return LAB5_EDIM;

  /* scores */
  rc = lab5_score_gradient (cache->z2, y, g->dz2);
  if (rc != LAB5_SUCCESS)
    return rc;

  /* output layer */
  rc = lab5_affine_param_grads (net, LAB5_LAYER_SCORES, cache->p1, g->dz2,
                                reg, g->dW2, g->db2);
  if (rc != LAB5_SUCCESS)
    return rc;
  if (gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                      g->dp1))
    return LAB5_EDIM;

  /* hidden layer */
  rc = lab5_relu_backward (g->dp1, cache->z1, g->dz1);
  if (rc != LAB5_SUCCESS)
    return rc;
  rc = lab5_affine_param_grads (net, LAB5_LAYER_HIDDEN, X, g->dz1, reg,
                                g->dW1, g->db1);
  if (rc != LAB5_SUCCESS)
    return rc;

  g->present = BP_GRADS_ALL;
  return LAB5_SUCCESS;
}
