/**
 * @file backward.c
 * @brief Backward pass of the two-layer network (Assignment 2, part B).
 * @author M. Okonkwo
 *
 * Design notes
 * ------------
 * Every step is a small function that validates its arguments and returns
 * a ::bp_status.  All of them receive a ::backward_context that bundles the
 * inputs (net, batch, cache) and the outputs (the gradients).
 *
 * The output delta is kept UNSCALED (prob - onehot(y)) while dW2, db2 and
 * dp1 are computed from it; the 1/N of the mean cross-entropy is applied
 * once, in finalize_output_layer(), to all four of them, and only then is
 * the L2 term added (it must not be divided by N).  Everything below the
 * output layer is then already in the right scale.
 */

#include <stddef.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/** Status codes of the helpers. */
typedef enum {
  BP_OK = 0,          /**< success */
  BP_ERR_NULL = 1,    /**< a required pointer was NULL */
  BP_ERR_SHAPE = 2,   /**< matrix/vector dimensions disagree */
  BP_ERR_LABEL = 3,   /**< a label is out of range */
  BP_ERR_BLAS = 4     /**< gsl_blas reported a failure */
} bp_status;

/** Everything the backward pass needs, passed to every helper. */
typedef struct {
  const bp_net *net;       /**< parameters W1 (D,H), b1, W2 (H,C), b2 */
  const gsl_matrix *X;     /**< input batch (N,D) */
  const size_t *y;         /**< labels (N) */
  const bp_cache *cache;   /**< forward cache z1, p1, z2, prob */
  bp_grads *grads;         /**< output gradients */
  double reg;              /**< L2 strength */
  size_t N, D, H, C;       /**< dimensions */
} backward_context;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/**
 * @brief Check that a matrix exists and has the expected shape.
 * @return BP_OK, BP_ERR_NULL or BP_ERR_SHAPE.
 */
static bp_status
check_matrix_shape (const gsl_matrix *m, size_t rows, size_t cols)
{
  if (m == NULL)
    return BP_ERR_NULL;
  if (m->size1 != rows || m->size2 != cols)
    return BP_ERR_SHAPE;
  return BP_OK;
}

/**
 * @brief Check that a vector exists and has the expected length.
 */
static bp_status
check_vector_length (const gsl_vector *v, size_t n)
{
  if (v == NULL)
    return BP_ERR_NULL;
  if (v->size != n)
    return BP_ERR_SHAPE;
  return BP_OK;
}

/**
 * @brief Fill and validate the context.
 */
static bp_status
init_context (backward_context *ctx, const bp_net *net, const gsl_matrix *X,
              const size_t *y, double reg, const bp_cache *cache,
              bp_grads *g)
{
  bp_status st;

  if (ctx == NULL || net == NULL || X == NULL || y == NULL || cache == NULL
      || g == NULL)
    return BP_ERR_NULL;

  ctx->net = net;
  ctx->X = X;
  ctx->y = y;
  ctx->cache = cache;
  ctx->grads = g;
  ctx->reg = reg;
  ctx->N = X->size1;
  ctx->D = net->D;
  ctx->H = net->H;
  ctx->C = net->C;

  if (X->size2 != ctx->D || cache->N != ctx->N || g->N != ctx->N)
    return BP_ERR_SHAPE;
  if ((st = check_matrix_shape (cache->prob, ctx->N, ctx->C)) != BP_OK)
    return st;
  if ((st = check_matrix_shape (cache->z1, ctx->N, ctx->H)) != BP_OK)
    return st;
  if ((st = check_matrix_shape (g->dz2, ctx->N, ctx->C)) != BP_OK)
    return st;
  if ((st = check_matrix_shape (g->dp1, ctx->N, ctx->H)) != BP_OK)
    return st;
  if ((st = check_vector_length (g->db2, ctx->C)) != BP_OK)
    return st;
  if ((st = check_vector_length (g->db1, ctx->H)) != BP_OK)
    return st;
  return BP_OK;
}

/**
 * @brief Unscaled output delta: grads->dz2 = prob - onehot(y).
 *
 * The division by N happens in finalize_output_layer().
 */
static bp_status
compute_unscaled_output_delta (const backward_context *ctx)
{
  size_t i;

  if (ctx == NULL)
    return BP_ERR_NULL;
  if (gsl_matrix_memcpy (ctx->grads->dz2, ctx->cache->prob) != GSL_SUCCESS)
    return BP_ERR_SHAPE;
  for (i = 0; i < ctx->N; i++)
    {
      const size_t label = ctx->y[i];
      if (label >= ctx->C)
        return BP_ERR_LABEL;
      gsl_matrix_set (ctx->grads->dz2, i, label,
                      gsl_matrix_get (ctx->grads->dz2, i, label) - 1.0);
    }
  return BP_OK;
}

/**
 * @brief Column sums of a (rows, cols) matrix into a vector of length cols.
 */
static bp_status
column_sums (const gsl_matrix *m, gsl_vector *out)
{
  size_t i, j;

  if (m == NULL || out == NULL)
    return BP_ERR_NULL;
  if (out->size != m->size2)
    return BP_ERR_SHAPE;
  for (j = 0; j < m->size2; j++)
    {
      double acc = 0.0;
      for (i = 0; i < m->size1; i++)
        acc += gsl_matrix_get (m, i, j);
      gsl_vector_set (out, j, acc);
    }
  return BP_OK;
}

/**
 * @brief Output layer from the unscaled delta: dW2 = p1' delta,
 * db2 = colsum(delta), dp1 = delta W2' (all still missing 1/N).
 */
static bp_status
compute_output_layer_unscaled (const backward_context *ctx)
{
  bp_grads *g;
  bp_status st;

  if (ctx == NULL)
    return BP_ERR_NULL;
  g = ctx->grads;

  if (gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, ctx->cache->p1, g->dz2,
                      0.0, g->dW2) != GSL_SUCCESS)
    return BP_ERR_BLAS;
  if ((st = column_sums (g->dz2, g->db2)) != BP_OK)
    return st;
  if (gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, ctx->net->W2,
                      0.0, g->dp1) != GSL_SUCCESS)
    return BP_ERR_BLAS;
  return BP_OK;
}

/**
 * @brief Add the gradient of reg * ||W||^2, i.e. 2 * reg * W, to dW.
 */
static bp_status
add_l2_gradient (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  bp_status st;

  if ((st = check_matrix_shape (dW, W ? W->size1 : 0, W ? W->size2 : 0))
      != BP_OK)
    return st;
  if (reg == 0.0)
    return BP_OK;
  /* dW := 2 reg W + dW, via the vector views of the matrices */
  {
    size_t i;
    for (i = 0; i < W->size1; i++)
      {
        gsl_vector_const_view w = gsl_matrix_const_row (W, i);
        gsl_vector_view dw = gsl_matrix_row (dW, i);
        if (gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector) != GSL_SUCCESS)
          return BP_ERR_BLAS;
      }
  }
  return BP_OK;
}

/**
 * @brief Apply the 1/N of the mean to dz2, dW2, db2 and dp1, then add the
 * L2 term to dW2.
 */
static bp_status
finalize_output_layer (const backward_context *ctx)
{
  const double inv_n = 1.0 / (double) ctx->N;
  bp_grads *g = ctx->grads;

  gsl_matrix_scale (g->dz2, inv_n);
  gsl_matrix_scale (g->dW2, inv_n);
  gsl_vector_scale (g->db2, inv_n);
  gsl_matrix_scale (g->dp1, inv_n);
  return add_l2_gradient (ctx->net->W2, ctx->reg, g->dW2);
}

/**
 * @brief ReLU backward: dz1 = dp1 where z1 > 0, else 0.
 */
static bp_status
compute_hidden_delta (const backward_context *ctx)
{
  size_t i, j;
  const bp_grads *g = ctx->grads;

  for (i = 0; i < ctx->N; i++)
    for (j = 0; j < ctx->H; j++)
      {
        const double z = gsl_matrix_get (ctx->cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j,
                        z > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }
  return BP_OK;
}

/**
 * @brief Hidden layer parameters: dW1 = X' dz1 + 2 reg W1, db1 = colsum(dz1).
 */
static bp_status
compute_hidden_layer (const backward_context *ctx)
{
  bp_status st;
  bp_grads *g = ctx->grads;

  if (gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, ctx->X, g->dz1, 0.0,
                      g->dW1) != GSL_SUCCESS)
    return BP_ERR_BLAS;
  if ((st = add_l2_gradient (ctx->net->W1, ctx->reg, g->dW1)) != BP_OK)
    return st;
  return column_sums (g->dz1, g->db1);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  backward_context ctx;
  bp_status st;

  if ((st = init_context (&ctx, net, X, y, reg, cache, g)) != BP_OK)
    return (int) st;
  if ((st = compute_unscaled_output_delta (&ctx)) != BP_OK)
    return (int) st;
  if ((st = compute_output_layer_unscaled (&ctx)) != BP_OK)
    return (int) st;
  if ((st = finalize_output_layer (&ctx)) != BP_OK)
    return (int) st;
  if ((st = compute_hidden_delta (&ctx)) != BP_OK)
    return (int) st;
  if ((st = compute_hidden_layer (&ctx)) != BP_OK)
    return (int) st;

  g->present = BP_GRADS_ALL;
  return BP_OK;
}
