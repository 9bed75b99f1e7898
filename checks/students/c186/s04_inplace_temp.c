/* Bai tap lon - Neural network from scratch
 * Pham Duc Anh, 20205678
 *
 * Backward pass. I try to use gsl functions (memcpy, scale, mul_elements)
 * instead of writing every loop by hand.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void sum_col (const gsl_matrix *M, gsl_vector *out)
{
  size_t i;
  gsl_vector_set_zero (out);
  for (i = 0; i < M->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (M, i);
      gsl_vector_add (out, &r.vector);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores: copy probs and subtract one at the correct class */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2: start from 2*reg*W2 then add hidden^T * dscores (beta = 1) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  sum_col (g->dz2, g->db2);

  /* dhidden */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* relu: build a 0/1 mask. hidden > 0 exactly when z1 > 0 so use hidden */
  mask = gsl_matrix_alloc (N, H);
  if (mask == NULL)
    return 1;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->p1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  /* dW1 same as dW2 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  sum_col (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
