/**
 * @file backward.c
 * @brief Backward pass for the two-layer network (MLP-2), project part II.
 *
 * @author J. Kowalczyk-Reyes
 * @date   week 6
 *
 * Every helper takes the context first and the output it writes last, so
 * that a call reads "compute X from the context into Y".  The helpers never
 * allocate; all storage is in the ::bp_grads that the caller passes.
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/** Error codes of this module. */
typedef enum {
  MLP_OK = 0,
  MLP_EARG,      /**< NULL argument */
  MLP_ESHAPE,    /**< shape mismatch */
  MLP_ELABEL     /**< label out of range */
} mlp_rc;

/** Read-only inputs of one backward call. */
typedef struct {
  const bp_net *net;
  const gsl_matrix *X;
  const size_t *y;
  const bp_cache *cache;
  double reg;
  size_t N;
} mlp_ctx;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/** @brief 1 when m is (rows, cols). */
static int
has_shape (const gsl_matrix *m, size_t rows, size_t cols)
{
  return m != NULL && m->size1 == rows && m->size2 == cols;
}

/**
 * @brief Score gradient: out = (prob - onehot(y)) / N.
 * @param ctx context
 * @param out (N, C)
 */
static mlp_rc
compute_score_gradient (const mlp_ctx *ctx, gsl_matrix *out)
{
  size_t i, j;
  const gsl_matrix *prob = ctx->cache->prob;

  if (!has_shape (out, prob->size1, prob->size2))
    return MLP_ESHAPE;
  for (i = 0; i < prob->size1; i++)
    {
      if (ctx->y[i] >= prob->size2)
        return MLP_ELABEL;
      for (j = 0; j < prob->size2; j++)
        {
          double v = gsl_matrix_get (prob, i, j);
          if (j == ctx->y[i])
            v -= 1.0;
          gsl_matrix_set (out, i, j, v / (double) ctx->N);
        }
    }
  return MLP_OK;
}

/**
 * @brief Weight gradient: out = A' dZ + 2 reg W.
 */
static mlp_rc
compute_weight_gradient (const mlp_ctx *ctx, const gsl_matrix *A,
                         const gsl_matrix *dZ, const gsl_matrix *W,
                         gsl_matrix *out)
{
  if (A == NULL || dZ == NULL || W == NULL)
    return MLP_EARG;
  if (!has_shape (out, A->size2, dZ->size2) || !has_shape (W, A->size2, dZ->size2))
    return MLP_ESHAPE;
  gsl_matrix_memcpy (out, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * ctx->reg, out);
  return MLP_OK;
}

/**
 * @brief Bias gradient: out = column sums of dZ.
 */
static mlp_rc
compute_bias_gradient (const gsl_matrix *dZ, gsl_vector *out)
{
  size_t i, j;

  if (dZ == NULL || out == NULL)
    return MLP_EARG;
  if (out->size != dZ->size2)
    return MLP_ESHAPE;
  for (j = 0; j < dZ->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dZ->size1; i++)
        s += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (out, j, s);
    }
  return MLP_OK;
}

/**
 * @brief Gradient at the hidden activations: out = dz2 W2'.
 * @param dz2 (N, C)
 * @param out (N, H)
 */
static mlp_rc
compute_hidden_gradient (const mlp_ctx *ctx, const gsl_matrix *dz2,
                         gsl_matrix *out)
{
  const gsl_matrix *W2 = ctx->net->W2;

  if (!has_shape (out, dz2->size1, W2->size1) || dz2->size2 != W2->size2)
    return MLP_ESHAPE;
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, out);
  return MLP_OK;
}

/**
 * @brief Gradient through the ReLU: out = dp1 where z1 > 0, 0 elsewhere.
 * @param dp1 (N, H) gradient at p1
 * @param out (N, H)
 */
static mlp_rc
compute_relu_gradient (const mlp_ctx *ctx, const gsl_matrix *dp1,
                       gsl_matrix *out)
{
  size_t i, j;
  const gsl_matrix *z1 = ctx->cache->z1;

  if (!has_shape (out, z1->size1, z1->size2)
      || !has_shape (dp1, z1->size1, z1->size2))
    return MLP_ESHAPE;
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      gsl_matrix_set (out, i, j, gsl_matrix_get (z1, i, j) > 0.0
                                 ? gsl_matrix_get (dp1, i, j) : 0.0);
  return MLP_OK;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  mlp_ctx ctx;
  mlp_rc rc;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return MLP_EARG;
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return MLP_ESHAPE;
  ctx.net = net;
  ctx.X = X;
  ctx.y = y;
  ctx.cache = cache;
  ctx.reg = reg;
  ctx.N = X->size1;

  /* output layer */
  if ((rc = compute_score_gradient (&ctx, g->dz2)) != MLP_OK)
    return rc;
  if ((rc = compute_weight_gradient (&ctx, cache->p1, g->dz2, net->W2, g->dW2)) != MLP_OK)
    return rc;
  if ((rc = compute_bias_gradient (g->dz2, g->db2)) != MLP_OK)
    return rc;

  /* hidden layer */
  if ((rc = compute_hidden_gradient (&ctx, g->dz2, g->dz1)) != MLP_OK)
    return rc;
  if ((rc = compute_relu_gradient (&ctx, g->dp1, g->dz1)) != MLP_OK)
    return rc;
  if ((rc = compute_weight_gradient (&ctx, X, g->dz1, net->W1, g->dW1)) != MLP_OK)
    return rc;
  if ((rc = compute_bias_gradient (g->dz1, g->db1)) != MLP_OK)
    return rc;

  /* TODO: dX if we ever stack a third layer */
  g->present = BP_GRADS_ALL;
  return MLP_OK;
}
