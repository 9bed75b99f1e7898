/*
 * backward.c -- HW3 backward pass
 *
 * Row-at-a-time version: every sample contributes one rank-1 update
 * (dger) to each weight gradient.  dz2 is recomputed from the scores with
 * my own stable softmax, so that I do not depend on cache->prob.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = softmax(z) - e_label, over one row */
static inline void
softmax_minus_onehot (const gsl_vector *z, size_t label, gsl_vector *out)
{
  const double m = gsl_vector_max (z);
  double s = 0.0;
  for (size_t k = 0; k < z->size; k++)
    {
      const double e = exp (gsl_vector_get (z, k) - m);
      gsl_vector_set (out, k, e);
      s += e;
    }
  gsl_vector_scale (out, 1.0 / s);
  gsl_vector_set (out, label, gsl_vector_get (out, label) - 1.0);
}

/* dW = 2 reg W, the penalty part; the data part is added row by row */
static inline void
init_with_penalty (gsl_matrix *dW, const gsl_matrix *W, const double reg)
{
  gsl_matrix_memcpy (dW, W);
  gsl_matrix_scale (dW, 2.0 * reg);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  init_with_penalty (g->dW2, net->W2, reg);
  init_with_penalty (g->dW1, net->W1, reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_const_view z2 = gsl_matrix_const_row (cache->z2, n);
      gsl_vector_const_view z1 = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_const_view a1 = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view xn = gsl_matrix_const_row (X, n);
      gsl_vector_view d2 = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, n);
      gsl_vector_view d1 = gsl_matrix_row (g->dz1, n);

      /* output layer */
      softmax_minus_onehot (&z2.vector, y[n], &d2.vector);
      gsl_vector_scale (&d2.vector, 1.0 / (double) N);
      gsl_blas_dger (1.0, &a1.vector, &d2.vector, g->dW2);
      gsl_vector_add (g->db2, &d2.vector);

      /* back into the hidden layer: dp = W2 d2 */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d2.vector, 0.0, &dp.vector);

      /* relu */
      for (size_t h = 0; h < net->H; h++)
        gsl_vector_set (&d1.vector, h,
                        gsl_vector_get (&z1.vector, h) > 0.0
                        ? gsl_vector_get (&dp.vector, h) : 0.0);

      gsl_blas_dger (1.0, &xn.vector, &d1.vector, g->dW1);
      gsl_vector_add (g->db1, &d1.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
