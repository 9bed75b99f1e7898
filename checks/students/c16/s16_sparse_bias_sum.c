/**
 * @file backward.c
 * @brief Gradients of the two-layer ReLU network.
 *
 * Assignment 2 (backprop in C), submitted by T. Halvorsen-Mbeki.
 *
 * Notation (lecture 7):
 *   dz2 = (P - Y) / N           dW2 = p1^T dz2 + 2 lambda W2   db2 = 1^T dz2
 *   dp1 = dz2 W2^T              dz1 = dp1 o 1[z1 > 0]
 *   dW1 = X^T dz1 + 2 lambda W1 db1 = 1^T dz1
 *
 * Since ReLU makes dz1 sparse, the bias reduction skips zero entries.
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/** Identifies the layer a helper is working on (for diagnostics). */
typedef enum { HW2_LAYER_1 = 1, HW2_LAYER_2 = 2 } hw2_layer;

/** Return status. */
typedef enum {
  HW2_OK = 0,
  HW2_BAD_ARG = 1,
  HW2_BAD_SHAPE = 2,
  HW2_BLAS_FAILED = 3
} hw2_status;

/** Context of one backward call. */
typedef struct {
  const bp_net *net;
  const bp_cache *cache;
  const gsl_matrix *X;
  const size_t *y;
  double lambda;
  bp_grads *out;
} hw2_context;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/**
 * @brief dz2 = (P - Y) / N.
 */
static hw2_status
hw2_output_delta (const hw2_context *ctx)
{
  const gsl_matrix *P = ctx->cache->prob;
  gsl_matrix *dz2 = ctx->out->dz2;
  const double scale = 1.0 / (double) P->size1;
  size_t i;

  if (dz2->size1 != P->size1 || dz2->size2 != P->size2)
    return HW2_BAD_SHAPE;
  gsl_matrix_memcpy (dz2, P);
  for (i = 0; i < P->size1; i++)
    {
      if (ctx->y[i] >= P->size2)
        return HW2_BAD_ARG;
      gsl_matrix_set (dz2, i, ctx->y[i], gsl_matrix_get (dz2, i, ctx->y[i]) - 1.0);
    }
  gsl_matrix_scale (dz2, scale);
  return HW2_OK;
}

/**
 * @brief dW = A^T dZ + 2 lambda W, computed as dW <- W; dW <- A^T dZ + 2 lambda dW.
 * @param layer for error messages only
 */
static hw2_status
hw2_weight_grad (const hw2_context *ctx, hw2_layer layer, const gsl_matrix *A,
                 const gsl_matrix *dZ, const gsl_matrix *W, gsl_matrix *dW)
{
  (void) layer;
  if (A == NULL || dZ == NULL || W == NULL || dW == NULL)
    return HW2_BAD_ARG;
  if (A->size1 != dZ->size1 || A->size2 != W->size1 || dZ->size2 != W->size2
      || dW->size1 != W->size1 || dW->size2 != W->size2)
    return HW2_BAD_SHAPE;
  if (gsl_matrix_memcpy (dW, W) != GSL_SUCCESS)
    return HW2_BAD_SHAPE;
  if (gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * ctx->lambda,
                      dW) != GSL_SUCCESS)
    return HW2_BLAS_FAILED;
  return HW2_OK;
}

/**
 * @brief db = 1^T dZ, skipping the zeros left by the ReLU.
 */
static hw2_status
hw2_bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;

  if (dZ == NULL || db == NULL)
    return HW2_BAD_ARG;
  if (db->size != dZ->size2)
    return HW2_BAD_SHAPE;
  gsl_vector_set_zero (db);
  for (i = 0; i < dZ->size1; i++)
    for (j = 0; j < dZ->size2; j++)
      {
        const double v = gsl_matrix_get (dZ, i, j);
        if (v == 0.0)
          return HW2_OK;
        gsl_vector_set (db, j, gsl_vector_get (db, j) + v);
      }
  return HW2_OK;
}

/**
 * @brief dp1 = dz2 W2^T.
 */
static hw2_status
hw2_hidden_grad (const hw2_context *ctx)
{
  if (gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, ctx->out->dz2,
                      ctx->net->W2, 0.0, ctx->out->dp1) != GSL_SUCCESS)
    return HW2_BLAS_FAILED;
  return HW2_OK;
}

/**
 * @brief dz1 = dp1 o 1[z1 > 0].
 */
static hw2_status
hw2_hidden_delta (const hw2_context *ctx)
{
  const gsl_matrix *z1 = ctx->cache->z1;
  size_t i, j;

  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      {
        double d = 0.0;
        if (gsl_matrix_get (z1, i, j) > 0.0)
          d = gsl_matrix_get (ctx->out->dp1, i, j);
        gsl_matrix_set (ctx->out->dz1, i, j, d);
      }
  return HW2_OK;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  hw2_context ctx;
  hw2_status s;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return HW2_BAD_ARG;
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return HW2_BAD_SHAPE;

  ctx.net = net;
  ctx.cache = cache;
  ctx.X = X;
  ctx.y = y;
  ctx.lambda = reg;
  ctx.out = g;

  if ((s = hw2_output_delta (&ctx)) != HW2_OK) return s;
  if ((s = hw2_weight_grad (&ctx, HW2_LAYER_2, cache->p1, g->dz2, net->W2, g->dW2)) != HW2_OK) return s;
  if ((s = hw2_bias_grad (g->dz2, g->db2)) != HW2_OK) return s;
  if ((s = hw2_hidden_grad (&ctx)) != HW2_OK) return s;
  if ((s = hw2_hidden_delta (&ctx)) != HW2_OK) return s;
  if ((s = hw2_weight_grad (&ctx, HW2_LAYER_1, X, g->dz1, net->W1, g->dW1)) != HW2_OK) return s;
  if ((s = hw2_bias_grad (g->dz1, g->db1)) != HW2_OK) return s;

  g->present = BP_GRADS_ALL;
  return HW2_OK;
}
