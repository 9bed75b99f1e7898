/**
 * @file backward.c
 * @brief Backward pass for the two-layer fully connected network.
 *
 * Homework 4, Deep Learning Systems.  Student: P. Lindqvist.
 *
 * Structure: the pass is split into one function per gradient, each of
 * which checks its inputs and returns a ::nn_status.  Layers are addressed
 * through ::nn_layer_id so that the same helpers serve both affine layers.
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/** Result of every helper in this file. */
typedef enum {
  NN_OK = 0,
  NN_E_NULL,        /**< NULL pointer argument */
  NN_E_DIM,         /**< inconsistent dimensions */
  NN_E_LABEL,       /**< label >= number of classes */
  NN_E_LAYER        /**< unknown layer id */
} nn_status;

/** The two affine layers of the network. */
typedef enum {
  NN_LAYER_HIDDEN = 0,   /**< z1 = X W1 + b1 */
  NN_LAYER_OUTPUT = 1,   /**< z2 = p1 W2 + b2 */
  NN_LAYER_COUNT
} nn_layer_id;

/** State shared by all helpers of one backward call. */
typedef struct {
  const bp_net *net;
  const gsl_matrix *X;
  const size_t *y;
  const bp_cache *cache;
  bp_grads *grads;
  double reg;
  size_t n_samples;
} nn_backward_ctx;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/**
 * @brief Weight matrix of a layer.
 * @return W1 or W2, or NULL for an unknown id.
 */
static const gsl_matrix *
layer_weights (const nn_backward_ctx *ctx, nn_layer_id id)
{
  switch (id)
    {
    case NN_LAYER_HIDDEN: return ctx->net->W1;
    case NN_LAYER_OUTPUT: return ctx->net->W2;
    default: return NULL;
    }
}

/**
 * @brief Weight-gradient matrix of a layer.
 * @return dW1 or dW2, or NULL for an unknown id.
 */
static gsl_matrix *
layer_weight_grad (const nn_backward_ctx *ctx, nn_layer_id id)
{
  switch (id)
    {
    case NN_LAYER_HIDDEN: return ctx->grads->dW1;
    case NN_LAYER_OUTPUT: return ctx->grads->dW2;
    default: return NULL;
    }
}

/**
 * @brief Input activations of a layer (X for the hidden layer, p1 for the
 * output layer).
 */
static const gsl_matrix *
layer_input (const nn_backward_ctx *ctx, nn_layer_id id)
{
  switch (id)
    {
    case NN_LAYER_HIDDEN: return ctx->X;
    case NN_LAYER_OUTPUT: return ctx->cache->p1;
    default: return NULL;
    }
}

/**
 * @brief dz2 = (prob - onehot(y)) / N.
 */
static nn_status
compute_output_delta (const nn_backward_ctx *ctx)
{
  gsl_matrix *dz2;
  size_t i;

  if (ctx == NULL || ctx->grads == NULL || ctx->cache == NULL)
    return NN_E_NULL;
  dz2 = ctx->grads->dz2;
  if (dz2->size1 != ctx->n_samples || dz2->size2 != ctx->net->C)
    return NN_E_DIM;

  gsl_matrix_memcpy (dz2, ctx->cache->prob);
  for (i = 0; i < ctx->n_samples; i++)
    {
      if (ctx->y[i] >= ctx->net->C)
        return NN_E_LABEL;
      gsl_matrix_set (dz2, i, ctx->y[i],
                      gsl_matrix_get (dz2, i, ctx->y[i]) - 1.0);
    }
  gsl_matrix_scale (dz2, 1.0 / (double) ctx->n_samples);
  return NN_OK;
}

/**
 * @brief dW = input' * dZ for the given layer (overwrites dW).
 * @param dZ gradient at the layer's output (dz1 or dz2)
 */
static nn_status
accumulate_weight_gradient (const nn_backward_ctx *ctx, nn_layer_id id,
                            const gsl_matrix *dZ)
{
  const gsl_matrix *in = layer_input (ctx, id);
  gsl_matrix *dW = layer_weight_grad (ctx, id);

  if (in == NULL || dW == NULL)
    return NN_E_LAYER;
  if (in->size2 != dW->size1 || dZ->size2 != dW->size2
      || in->size1 != dZ->size1)
    return NN_E_DIM;
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dZ, 0.0, dW);
  return NN_OK;
}

/**
 * @brief Add the L2 gradient 2 * reg * W of a layer to its dW.
 */
static nn_status
apply_l2 (const nn_backward_ctx *ctx, nn_layer_id id)
{
  const gsl_matrix *W = layer_weights (ctx, id);
  gsl_matrix *dW = layer_weight_grad (ctx, id);
  size_t i, j;

  if (W == NULL || dW == NULL)
    return NN_E_LAYER;
  if (W->size1 != dW->size1 || W->size2 != dW->size2)
    return NN_E_DIM;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j)
                      + 2.0 * ctx->reg * gsl_matrix_get (W, i, j));
  return NN_OK;
}

/**
 * @brief db = column sums of dZ.
 */
static nn_status
compute_bias_gradient (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;

  if (dZ == NULL || db == NULL)
    return NN_E_NULL;
  if (db->size != dZ->size2)
    return NN_E_DIM;
  gsl_vector_set_zero (db);
  for (i = 0; i < dZ->size1; i++)
    for (j = 0; j < dZ->size2; j++)
      gsl_vector_set (db, j, gsl_vector_get (db, j) + gsl_matrix_get (dZ, i, j));
  return NN_OK;
}

/**
 * @brief dp1 = dz2 * W2'.
 */
static nn_status
compute_hidden_grad (const nn_backward_ctx *ctx)
{
  const bp_grads *g = ctx->grads;

  if (g->dp1->size1 != g->dz2->size1 || g->dp1->size2 != ctx->net->W2->size1)
    return NN_E_DIM;
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, ctx->net->W2, 0.0,
                  g->dp1);
  return NN_OK;
}

/**
 * @brief dz1 = dp1 where z1 > 0, 0 elsewhere.
 */
static nn_status
compute_hidden_delta (const nn_backward_ctx *ctx)
{
  const gsl_matrix *z1 = ctx->cache->z1;
  const bp_grads *g = ctx->grads;
  size_t i, j;

  if (z1->size1 != g->dz1->size1 || z1->size2 != g->dz1->size2)
    return NN_E_DIM;
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);
  return NN_OK;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  nn_backward_ctx ctx;
  nn_status st;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return NN_E_NULL;
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return NN_E_DIM;

  ctx.net = net;
  ctx.X = X;
  ctx.y = y;
  ctx.cache = cache;
  ctx.grads = g;
  ctx.reg = reg;
  ctx.n_samples = X->size1;

  /* ---- output layer ---- */
  if ((st = compute_output_delta (&ctx)) != NN_OK)
    return st;
  if ((st = accumulate_weight_gradient (&ctx, NN_LAYER_OUTPUT, g->dz2)) != NN_OK)
    return st;
  if ((st = apply_l2 (&ctx, NN_LAYER_HIDDEN)) != NN_OK)
    return st;
  if ((st = compute_bias_gradient (g->dz2, g->db2)) != NN_OK)
    return st;

  /* ---- hidden layer ---- */
  if ((st = compute_hidden_grad (&ctx)) != NN_OK)
    return st;
  if ((st = compute_hidden_delta (&ctx)) != NN_OK)
    return st;
  if ((st = accumulate_weight_gradient (&ctx, NN_LAYER_HIDDEN, g->dz1)) != NN_OK)
    return st;
  if ((st = apply_l2 (&ctx, NN_LAYER_HIDDEN)) != NN_OK)
    return st;
  if ((st = compute_bias_gradient (g->dz1, g->db1)) != NN_OK)
    return st;

  g->present = BP_GRADS_ALL;
  return NN_OK;
}
