/**
 * @file backward.c
 * @brief Two-layer network: gradient computation.
 *
 * ECE 5xx, programming assignment 2.  Group 7 (R. Adeyemi, L. Baptiste).
 *
 * The code is organised as a pipeline of stages over a ::bp_backward_state.
 * Each stage is a function compute_<thing>() that checks the pointers and
 * shapes it needs and returns 0 or a negative ::pa2_err.
 */

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

/** Error codes (negative, 0 is success). */
typedef enum {
  PA2_SUCCESS = 0,
  PA2_ERR_NULLPTR = -1,
  PA2_ERR_DIMS = -2,
  PA2_ERR_LABEL = -3
} pa2_err;

/** Per-call state handed to every stage. */
typedef struct {
  const bp_net *net;
  const gsl_matrix *X;
  const size_t *y;
  const bp_cache *cache;
  bp_grads *g;
  double reg;            /**< L2 strength as passed in */
  double l2_grad_scale;  /**< d/dW of the penalty is l2_grad_scale*reg*W */
  double inv_batch;      /**< 1/N */
} bp_backward_state;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/**
 * @brief Initialise the state; validates all arguments.
 */
static pa2_err
state_init (bp_backward_state *s, const bp_net *net, const gsl_matrix *X,
            const size_t *y, double reg, const bp_cache *cache, bp_grads *g)
{
  if (s == NULL || net == NULL || X == NULL || y == NULL || cache == NULL
      || g == NULL)
    return PA2_ERR_NULLPTR;
  if (X->size1 == 0 || X->size1 != cache->N || X->size2 != net->D
      || g->N != X->size1 || g->H != net->H || g->C != net->C)
    return PA2_ERR_DIMS;

  s->net = net;
  s->X = X;
  s->y = y;
  s->cache = cache;
  s->g = g;
  s->reg = reg;
  /* penalty 0.5*reg*||W||^2 (lecture 3) -> gradient reg*W */
  s->l2_grad_scale = 1.0;
  s->inv_batch = 1.0 / (double) X->size1;
  return PA2_SUCCESS;
}

/**
 * @brief dz2 = (prob - onehot(y)) / N.
 */
static pa2_err
compute_output_delta (const bp_backward_state *s)
{
  size_t i, j;
  const gsl_matrix *P = s->cache->prob;
  gsl_matrix *dz2 = s->g->dz2;

  for (i = 0; i < P->size1; i++)
    {
      if (s->y[i] >= P->size2)
        return PA2_ERR_LABEL;
      for (j = 0; j < P->size2; j++)
        {
          double t = (j == s->y[i]) ? 1.0 : 0.0;
          gsl_matrix_set (dz2, i, j, (gsl_matrix_get (P, i, j) - t) * s->inv_batch);
        }
    }
  return PA2_SUCCESS;
}

/**
 * @brief dW = A' dZ + l2_grad_scale * reg * W.
 * @param A  (N, in)   @param dZ (N, out)   @param W (in, out)
 * @param dW (in, out), overwritten
 */
static pa2_err
compute_weight_gradient (const bp_backward_state *s, const gsl_matrix *A,
                         const gsl_matrix *dZ, const gsl_matrix *W,
                         gsl_matrix *dW)
{
  size_t i, k, j;

  if (A == NULL || dZ == NULL || W == NULL || dW == NULL)
    return PA2_ERR_NULLPTR;
  if (A->size1 != dZ->size1 || A->size2 != W->size1 || dZ->size2 != W->size2
      || dW->size1 != W->size1 || dW->size2 != W->size2)
    return PA2_ERR_DIMS;

  for (k = 0; k < W->size1; k++)
    for (j = 0; j < W->size2; j++)
      {
        double acc = 0.0;
        for (i = 0; i < A->size1; i++)
          acc += gsl_matrix_get (A, i, k) * gsl_matrix_get (dZ, i, j);
        acc += s->l2_grad_scale * s->reg * gsl_matrix_get (W, k, j);
        gsl_matrix_set (dW, k, j, acc);
      }
  return PA2_SUCCESS;
}

/**
 * @brief db = sum over rows of dZ.
 */
static pa2_err
compute_bias_gradient (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;

  if (dZ == NULL || db == NULL)
    return PA2_ERR_NULLPTR;
  if (db->size != dZ->size2)
    return PA2_ERR_DIMS;
  for (j = 0; j < dZ->size2; j++)
    {
      double acc = 0.0;
      for (i = 0; i < dZ->size1; i++)
        acc += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, acc);
    }
  return PA2_SUCCESS;
}

/**
 * @brief dp1 = dz2 W2'.
 */
static pa2_err
compute_hidden_gradient (const bp_backward_state *s)
{
  size_t i, k, j;
  const gsl_matrix *W2 = s->net->W2;
  const gsl_matrix *dz2 = s->g->dz2;
  gsl_matrix *dp1 = s->g->dp1;

  if (dp1->size1 != dz2->size1 || dp1->size2 != W2->size1)
    return PA2_ERR_DIMS;
  for (i = 0; i < dz2->size1; i++)
    for (k = 0; k < W2->size1; k++)
      {
        double acc = 0.0;
        for (j = 0; j < W2->size2; j++)
          acc += gsl_matrix_get (dz2, i, j) * gsl_matrix_get (W2, k, j);
        gsl_matrix_set (dp1, i, k, acc);
      }
  return PA2_SUCCESS;
}

/**
 * @brief dz1 = dp1 * [z1 > 0].
 */
static pa2_err
compute_hidden_delta (const bp_backward_state *s)
{
  size_t i, k;
  const gsl_matrix *z1 = s->cache->z1;

  if (z1->size1 != s->g->dz1->size1 || z1->size2 != s->g->dz1->size2)
    return PA2_ERR_DIMS;
  for (i = 0; i < z1->size1; i++)
    for (k = 0; k < z1->size2; k++)
      gsl_matrix_set (s->g->dz1, i, k,
                      gsl_matrix_get (z1, i, k) > 0.0
                      ? gsl_matrix_get (s->g->dp1, i, k) : 0.0);
  return PA2_SUCCESS;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  bp_backward_state s;
  pa2_err e;

  if ((e = state_init (&s, net, X, y, reg, cache, g)) != PA2_SUCCESS)
    return e;

  if ((e = compute_output_delta (&s)) != PA2_SUCCESS)
    return e;
  if ((e = compute_weight_gradient (&s, cache->p1, g->dz2, net->W2, g->dW2)))
    return e;
  if ((e = compute_bias_gradient (g->dz2, g->db2)))
    return e;
  if ((e = compute_hidden_gradient (&s)))
    return e;
  if ((e = compute_hidden_delta (&s)))
    return e;
  if ((e = compute_weight_gradient (&s, X, g->dz1, net->W1, g->dW1)))
    return e;
  if ((e = compute_bias_gradient (g->dz1, g->db1)))
    return e;

  g->present = BP_GRADS_ALL;
  return PA2_SUCCESS;
}
