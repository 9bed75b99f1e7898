/* backward.c -- Assignment 1, Q4 (two_layer_net), GSL port.
 * Author: Tomasz W.
 *
 * Structure follows the lecture slides: upstream gradient times local
 * gradient, layer by layer from the loss back to the input.
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

#define DEBUG_SHAPES 0

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

#if DEBUG_SHAPES
  fprintf (stderr, "N=%zu D=%zu H=%zu C=%zu\n", N, D, H, C);
#endif
  (void) D;

  /* ---- softmax + cross-entropy ----
   * dL/dscores = (softmax - onehot) / N */
  gsl_matrix *onehot = gsl_matrix_calloc (N, C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);

  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, onehot);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* ---- affine 2 ----
   * dW2 = h^T dscores          (H,N)(N,C)
   * plus reg: grads['W2'] += reg * W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  gsl_matrix *w2_pen = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (w2_pen, net->W2);
  gsl_matrix_scale (w2_pen, reg);
  gsl_matrix_add (g->dW2, w2_pen);
  gsl_matrix_free (w2_pen);

  /* db2 = dscores summed over the batch */
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* dhidden = dscores W2^T     (N,C)(C,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* ---- relu ---- */
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  /* ---- affine 1 ----
   * dW1 = X^T dhidden + 2 reg W1 (W1 preloaded, beta = 2 reg) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  gsl_matrix_free (onehot);
  g->present = BP_GRADS_ALL;
  return 0;
}
