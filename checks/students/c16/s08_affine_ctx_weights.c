/**
 * @file backward.c
 * @brief Backward pass of the two-layer MLP, written around one generic
 *        affine-layer backward routine.
 *
 * Course: Neural Networks from Scratch (NNFS-C), assignment 3.
 * Author: D. Ferreira-Santos
 *
 * Each affine layer is described by an ::affine_grad_ctx holding what the
 * layer saw in the forward pass and where its gradients go; the same
 * ::affine_backward() then serves both layers:
 *     dW = input' dZ + 2 reg W
 *     db = 1' dZ
 *     dinput = dZ W'            (skipped when dinput is NULL)
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/** Return codes. */
enum {
  AFF_OK = 0,
  AFF_ERR_ARG = 10,     /**< NULL where a matrix is required */
  AFF_ERR_SHAPE = 11    /**< dimensions do not chain */
};

/** One affine layer, as seen by its backward pass. */
typedef struct {
  const gsl_matrix *input;     /**< activations entering the layer (N, in) */
  const gsl_matrix *weights;   /**< W (in, out) */
  gsl_matrix *dweights;        /**< dW (in, out), written */
  gsl_vector *dbias;           /**< db (out), written */
  gsl_matrix *dinput;          /**< d input (N, in), written; may be NULL */
} affine_grad_ctx;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/**
 * @brief Validate that the matrices of a layer context chain with dZ.
 */
static int
affine_ctx_validate (const affine_grad_ctx *L, const gsl_matrix *dZ)
{
  if (L == NULL || dZ == NULL || L->input == NULL || L->weights == NULL
      || L->dweights == NULL || L->dbias == NULL)
    return AFF_ERR_ARG;
  if (L->input->size1 != dZ->size1)
    return AFF_ERR_SHAPE;
  if (L->weights->size1 != L->input->size2
      || L->weights->size2 != dZ->size2)
    return AFF_ERR_SHAPE;
  if (L->dweights->size1 != L->weights->size1
      || L->dweights->size2 != L->weights->size2)
    return AFF_ERR_SHAPE;
  if (L->dbias->size != dZ->size2)
    return AFF_ERR_SHAPE;
  if (L->dinput != NULL && (L->dinput->size1 != dZ->size1
                            || L->dinput->size2 != L->input->size2))
    return AFF_ERR_SHAPE;
  return AFF_OK;
}

/**
 * @brief dW += 2 * reg * W, entry by entry.
 */
static void
add_weight_decay (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t i, j;

  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      {
        double v = gsl_matrix_get (dW, i, j);
        v += 2.0 * reg * gsl_matrix_get (W, i, j);
        gsl_matrix_set (dW, i, j, v);
      }
}

/**
 * @brief Backward pass of one affine layer.
 * @param L   the layer
 * @param dZ  gradient of the loss at the layer's output (N, out)
 * @param reg L2 strength
 * @return AFF_OK or an error code
 */
static int
affine_backward (const affine_grad_ctx *L, const gsl_matrix *dZ, double reg)
{
  size_t i, j;
  int rc = affine_ctx_validate (L, dZ);

  if (rc != AFF_OK)
    return rc;

  /* dW = input' dZ + 2 reg W */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, L->input, dZ, 0.0,
                  L->dweights);
  add_weight_decay (L->weights, reg, L->dweights);

  /* db = column sums of dZ */
  for (j = 0; j < dZ->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dZ->size1; i++)
        s += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (L->dbias, j, s);
    }

  /* d input = dZ W' */
  if (L->dinput != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, L->weights, 0.0,
                    L->dinput);
  return AFF_OK;
}

/**
 * @brief Softmax cross-entropy backward: dz2 = (prob - onehot) / N.
 */
static int
softmax_xent_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t i, j;
  const double n = (double) prob->size1;

  if (prob->size1 != dz2->size1 || prob->size2 != dz2->size2)
    return AFF_ERR_SHAPE;
  for (i = 0; i < prob->size1; i++)
    for (j = 0; j < prob->size2; j++)
      gsl_matrix_set (dz2, i, j,
                      (gsl_matrix_get (prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / n);
  return AFF_OK;
}

/**
 * @brief ReLU backward: dz1 = dp1 * [z1 > 0].
 */
static int
relu_backward (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, j;

  if (dp1->size1 != z1->size1 || dp1->size2 != z1->size2
      || dz1->size1 != z1->size1 || dz1->size2 != z1->size2)
    return AFF_ERR_SHAPE;
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      gsl_matrix_set (dz1, i, j,
                      gsl_matrix_get (z1, i, j) > 0.0 ? gsl_matrix_get (dp1, i, j) : 0.0);
  return AFF_OK;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  affine_grad_ctx out_layer, hid_layer;
  int rc;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return AFF_ERR_ARG;
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return AFF_ERR_SHAPE;

  /* layer 2: p1 -> z2 */
  out_layer.input = cache->p1;
  out_layer.weights = g->dW2;
  out_layer.dweights = g->dW2;
  out_layer.dbias = g->db2;
  out_layer.dinput = g->dp1;

  /* layer 1: X -> z1 (no gradient wrt X needed) */
  hid_layer.input = X;
  hid_layer.weights = net->W1;
  hid_layer.dweights = g->dW1;
  hid_layer.dbias = g->db1;
  hid_layer.dinput = NULL;

  if ((rc = softmax_xent_backward (cache->prob, y, g->dz2)) != AFF_OK)
    return rc;
  if ((rc = affine_backward (&out_layer, g->dz2, reg)) != AFF_OK)
    return rc;
  if ((rc = relu_backward (g->dp1, cache->z1, g->dz1)) != AFF_OK)
    return rc;
  if ((rc = affine_backward (&hid_layer, g->dz1, reg)) != AFF_OK)
    return rc;

  g->present = BP_GRADS_ALL;
  return AFF_OK;
}
