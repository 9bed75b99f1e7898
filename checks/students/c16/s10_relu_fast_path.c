/**
 * @file backward.c
 * @brief Backward propagation for a 2-layer ReLU network (lab 4).
 *
 * @author A. Whitcombe
 *
 * Conventions
 *  - every function returns a ::grad_status and never aborts;
 *  - ::grad_context is created once per call and passed by pointer;
 *  - names say what a function computes, in the notation of the lecture:
 *      output delta  dz2 = (P - Y) / N
 *      hidden grad   dp1 = dz2 W2^T
 *      hidden delta  dz1 = dp1 (.) relu'(z1)
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

/** Status of a gradient helper. */
typedef enum grad_status {
  GRAD_OK = 0,
  GRAD_INVALID_ARGUMENT = 1,
  GRAD_SHAPE_MISMATCH = 2,
  GRAD_NUMERICAL = 3
} grad_status;

/** Shared, read-mostly state of one backward call. */
typedef struct grad_context {
  const bp_net *net;
  const bp_cache *cache;
  const gsl_matrix *inputs;
  const size_t *labels;
  bp_grads *g;
  double reg;
  size_t batch;
  size_t hidden;
  size_t classes;
} grad_context;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/**
 * @brief True when two matrices have the same shape.
 */
static int
same_shape (const gsl_matrix *a, const gsl_matrix *b)
{
  return a != NULL && b != NULL && a->size1 == b->size1
         && a->size2 == b->size2;
}

/**
 * @brief Number of entries of @p m that are exactly zero.
 */
static size_t
count_zero_entries (const gsl_matrix *m)
{
  size_t i, j, n = 0;

  for (i = 0; i < m->size1; i++)
    for (j = 0; j < m->size2; j++)
      if (gsl_matrix_get (m, i, j) == 0.0)
        n++;
  return n;
}

/**
 * @brief Output delta dz2 = (P - Y) / N.
 */
static grad_status
compute_output_delta (const grad_context *ctx)
{
  size_t i;
  gsl_matrix *dz2 = ctx->g->dz2;

  if (!same_shape (dz2, ctx->cache->prob))
    return GRAD_SHAPE_MISMATCH;
  gsl_matrix_memcpy (dz2, ctx->cache->prob);
  for (i = 0; i < ctx->batch; i++)
    {
      if (ctx->labels[i] >= ctx->classes)
        return GRAD_INVALID_ARGUMENT;
      *gsl_matrix_ptr (dz2, i, ctx->labels[i]) -= 1.0;
    }
  gsl_matrix_scale (dz2, 1.0 / (double) ctx->batch);
  return GRAD_OK;
}

/**
 * @brief Accumulate the weight gradient dW = A^T dZ + 2 reg W.
 * @param A   layer input (N, in)
 * @param dZ  delta at the layer output (N, out)
 * @param W   layer weights (in, out)
 * @param dW  output (in, out)
 */
static grad_status
accumulate_weight_gradient (const grad_context *ctx, const gsl_matrix *A,
                            const gsl_matrix *dZ, const gsl_matrix *W,
                            gsl_matrix *dW)
{
  if (A == NULL || dZ == NULL || W == NULL || dW == NULL)
    return GRAD_INVALID_ARGUMENT;
  if (!same_shape (W, dW) || A->size1 != dZ->size1 || A->size2 != W->size1
      || dZ->size2 != W->size2)
    return GRAD_SHAPE_MISMATCH;
  /* dW <- W, then dW <- A^T dZ + (2 reg) dW */
  gsl_matrix_memcpy (dW, W);
  if (gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * ctx->reg, dW)
      != GSL_SUCCESS)
    return GRAD_NUMERICAL;
  return GRAD_OK;
}

/**
 * @brief Bias gradient db = sum over the batch of dZ.
 */
static grad_status
accumulate_bias_gradient (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;

  if (dZ == NULL || db == NULL)
    return GRAD_INVALID_ARGUMENT;
  if (db->size != dZ->size2)
    return GRAD_SHAPE_MISMATCH;
  for (j = 0; j < dZ->size2; j++)
    {
      double sum = 0.0;
      for (i = 0; i < dZ->size1; i++)
        sum += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, sum);
    }
  return GRAD_OK;
}

/**
 * @brief Hidden gradient dp1 = dz2 W2^T.
 */
static grad_status
compute_hidden_gradient (const grad_context *ctx)
{
  if (ctx->g->dp1->size1 != ctx->batch || ctx->g->dp1->size2 != ctx->hidden)
    return GRAD_SHAPE_MISMATCH;
  if (gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, ctx->g->dz2,
                      ctx->net->W2, 0.0, ctx->g->dp1) != GSL_SUCCESS)
    return GRAD_NUMERICAL;
  return GRAD_OK;
}

/**
 * @brief Hidden delta dz1 = dp1 (.) [z1 > 0].
 *
 * Starts from a copy of dp1 and zeroes the entries where the unit was
 * off.  When nothing was switched off the copy is already the answer.
 */
static grad_status
compute_hidden_delta (const grad_context *ctx)
{
  size_t i, j;
  const gsl_matrix *z1 = ctx->cache->z1;
  gsl_matrix *dz1 = ctx->g->dz1;

  if (!same_shape (dz1, ctx->g->dp1) || !same_shape (dz1, z1))
    return GRAD_SHAPE_MISMATCH;
  gsl_matrix_memcpy (dz1, ctx->g->dp1);

  /* fast path: no unit was switched off, relu' is 1 everywhere */
  if (count_zero_entries (ctx->g->dp1) == 0)
    return GRAD_OK;

  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      if (gsl_matrix_get (z1, i, j) <= 0.0)
        gsl_matrix_set (dz1, i, j, 0.0);
  return GRAD_OK;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  grad_context ctx;
  grad_status st;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return GRAD_INVALID_ARGUMENT;
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return GRAD_SHAPE_MISMATCH;

  ctx.net = net;
  ctx.cache = cache;
  ctx.inputs = X;
  ctx.labels = y;
  ctx.g = g;
  ctx.reg = reg;
  ctx.batch = X->size1;
  ctx.hidden = net->H;
  ctx.classes = net->C;

  st = compute_output_delta (&ctx);
  if (st == GRAD_OK)
    st = accumulate_weight_gradient (&ctx, cache->p1, g->dz2, net->W2, g->dW2);
  if (st == GRAD_OK)
    st = accumulate_bias_gradient (g->dz2, g->db2);
  if (st == GRAD_OK)
    st = compute_hidden_gradient (&ctx);
  if (st == GRAD_OK)
    st = compute_hidden_delta (&ctx);
  if (st == GRAD_OK)
    st = accumulate_weight_gradient (&ctx, X, g->dz1, net->W1, g->dW1);
  if (st == GRAD_OK)
    st = accumulate_bias_gradient (g->dz1, g->db1);
  if (st != GRAD_OK)
    return (int) st;

  g->present = BP_GRADS_ALL;
  return GRAD_OK;
}
