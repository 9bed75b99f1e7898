/* backward.c
 *
 * Chidi Okonkwo -- Neural Networks from Scratch, HW 3
 *
 * I wrote the backward pass "layer by layer" like the lecture slides:
 * an affine layer struct with its input, weights and gradient slots,
 * and one function that does the affine backward for any layer.
 * The regulariser is put into dW FIRST and the data term is added
 * with beta = 1 in dgemm.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

typedef struct
{
  const gsl_matrix *input;   /* what went into the layer (N x in) */
  const gsl_matrix *weight;  /* (in x out) */
  gsl_matrix *weight_grad;   /* (in x out) */
  gsl_vector *bias_grad;     /* (out) */
} affine_layer;

/* given dout (N x out): weight_grad = 2 reg W + in^T dout,
 * bias_grad = sum of rows of dout, and dinput = dout W^T if asked */
static void
affine_backward (affine_layer *L, const gsl_matrix *dout, double reg,
                 gsl_matrix *dinput)
{
  gsl_matrix_memcpy (L->weight_grad, L->weight);
  gsl_matrix_scale (L->weight_grad, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, L->input, dout, 1.0,
                  L->weight_grad);

  gsl_vector_set_zero (L->bias_grad);
  for (size_t n = 0; n < dout->size1; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dout, n);
      gsl_vector_add (L->bias_grad, &row.vector);
    }

  if (dinput != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, L->weight, 0.0,
                    dinput);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross-entropy: dz2 = (prob - Y) / N,  Y one-hot.
   * Build Y explicitly as a matrix, subtract, scale. */
  gsl_matrix *Y = gsl_matrix_calloc (N, net->C);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (Y, n, y[n], 1.0);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Y);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  gsl_matrix_free (Y);

  affine_layer fc2 = { cache->p1, net->W2, g->dW2, g->db2 };
  affine_backward (&fc2, g->dz2, reg, g->dp1);

  /* relu: mask of 1s and 0s from z1, multiplied in elementwise */
  gsl_matrix *mask = gsl_matrix_alloc (N, net->H);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (mask, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  affine_layer fc1 = { X, net->W1, g->dW1, g->db1 };
  affine_backward (&fc1, g->dz1, reg, NULL);   /* no dX needed */

  g->present = BP_GRADS_ALL;
  return 0;
}
