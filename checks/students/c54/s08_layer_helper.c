/*  backward.c  --  backpropagation, sample by sample
 *
 *  Notation of the course: the sensitivity s of a layer is dL/d(its
 *  pre-activation).  For every layer and every sample,
 *      nabla_W += input * s^T      nabla_b += s
 *  which is what accumulate() does, for both layers.  finish() divides
 *  by N and adds the weight decay.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
accumulate (gsl_matrix *nabla_W, gsl_vector *nabla_b,
            const gsl_vector *input, const gsl_vector *s)
{
  gsl_blas_dger (1.0, input, s, nabla_W);
  gsl_vector_add (nabla_b, s);
}

static void
finish (gsl_matrix *nabla_W, gsl_vector *nabla_b, const gsl_matrix *W,
        size_t N, double reg)
{
  size_t r, c;
  gsl_matrix_scale (nabla_W, 1.0 / (double) N);
  gsl_vector_scale (nabla_b, 1.0 / (double) N);
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      *gsl_matrix_ptr (nabla_W, r, c) += 2.0 * reg * gsl_matrix_get (W, r, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, j;
  gsl_vector *s2 = gsl_vector_alloc (C);
  gsl_vector *s1 = gsl_vector_alloc (H);

  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view x = gsl_matrix_const_row (X, n);
      gsl_vector_const_view hid = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_const_view pr = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_view out_s2 = gsl_matrix_row (g->dz2, n);
      gsl_vector_view out_dp = gsl_matrix_row (g->dp1, n);
      gsl_vector_view out_s1 = gsl_matrix_row (g->dz1, n);

      /* output layer: s2 = softmax - onehot */
      gsl_vector_memcpy (s2, &pr.vector);
      gsl_vector_set (s2, y[n], gsl_vector_get (s2, y[n]) - 1.0);
      accumulate (g->dW2, g->db2, &hid.vector, s2);

      /* hidden layer: s1 = (W2 s2) .* relu'(z1) */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, s2, 0.0, s1);
      gsl_vector_memcpy (&out_dp.vector, s1);
      for (j = 0; j < H; j++)
        if (gsl_matrix_get (cache->z1, n, j) <= 0.0)
          gsl_vector_set (s1, j, 0.0);
      accumulate (g->dW1, g->db1, &x.vector, s1);

      /* this sample's rows of dz2, dp1, dz1 (the mean: / N) */
      gsl_vector_memcpy (&out_s2.vector, s2);
      gsl_vector_scale (&out_s2.vector, 1.0 / (double) N);
      gsl_vector_scale (&out_dp.vector, 1.0 / (double) N);
      gsl_vector_memcpy (&out_s1.vector, s1);
      gsl_vector_scale (&out_s1.vector, 1.0 / (double) N);
    }

  finish (g->dW2, g->db2, net->W2, N, reg);
  finish (g->dW1, g->db1, net->W1, N, reg);

  gsl_vector_free (s2);
  gsl_vector_free (s1);
  g->present = BP_GRADS_ALL;
  return 0;
}
