/* backward.c  --  Project 2, two-layer net
 *
 * Per-sample version: I loop over the batch and add each sample's
 * contribution (outer products) into the parameter gradients, like the
 * derivation on the board did it for ONE example x_n.  Slower than dgemm
 * but I understand every line.
 *
 *   for each n:
 *     delta2_n = (softmax(z2_n) - e_{y_n}) / N                 (C)
 *     grad_W2 += a1_n delta2_n^T,  grad_b2 += delta2_n
 *     dp1_n    = W2 delta2_n                                    (H)
 *     delta1_n = dp1_n .* [z1_n > 0]                            (H)
 *     grad_W1 += x_n delta1_n^T,  grad_b1 += delta1_n
 *   grad_W += 2 reg W  at the end
 */

#include <assert.h>
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* log(sum_j exp(z_j)), computed as m + log(sum_j exp(z_j - m)) */
static double
log_sum_exp (const gsl_vector *z)
{
  const double m = gsl_vector_max (z);
  double s = 0.0;
  for (size_t j = 0; j < z->size; j++)
    s += exp (gsl_vector_get (z, j) - m);
  return m + log (s);
}

/* delta2_n = (softmax(z2_n) - onehot(label)) / N */
static void
delta2_sample (const gsl_vector *z2_n, size_t label, double invN, gsl_vector *delta2_n)
{
  const double lse = log_sum_exp (z2_n);
  for (size_t c = 0; c < z2_n->size; c++)
    {
      double p = exp (gsl_vector_get (z2_n, c) - lse);
      gsl_vector_set (delta2_n, c, (p - (c == label ? 1.0 : 0.0)) * invN);
    }
}

/* G += u v^T */
static void
add_outer (const gsl_vector *u, const gsl_vector *v, gsl_matrix *G)
{
  gsl_blas_dger (1.0, u, v, G);
}

/* delta1_n = dp1_n .* [z1_n > 0] */
static void
delta1_sample (const gsl_vector *dp1_n, const gsl_vector *z1_n, gsl_vector *delta1_n)
{
  for (size_t h = 0; h < z1_n->size; h++)
    gsl_vector_set (delta1_n, h,
                    gsl_vector_get (z1_n, h) > 0.0 ? gsl_vector_get (dp1_n, h) : 0.0);
}

/* G += 2 reg W */
static void
add_l2 (const gsl_matrix *W, double reg, gsl_matrix *G)
{
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (G, tmp);
  gsl_matrix_free (tmp);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  if (N == 0 || N != cache->N || g->N != N)
    return 1;
  if (X->size2 != net->D || g->D != net->D)
    return 1;

  const double invN = 1.0 / (double) N;

  /* accumulators start at zero (g may hold the last call's numbers) */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_const_view x_n = gsl_matrix_const_row (X, n);
      gsl_vector_const_view z1_n = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_const_view a1_n = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view z2_n = gsl_matrix_const_row (cache->z2, n);
      gsl_vector_view delta2_n = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1_n = gsl_matrix_row (g->dp1, n);
      gsl_vector_view delta1_n = gsl_matrix_row (g->dz1, n);

      assert (y[n] < net->C);
      delta2_sample (&z2_n.vector, y[n], invN, &delta2_n.vector);

      add_outer (&a1_n.vector, &delta2_n.vector, g->dW2);
      gsl_vector_add (g->db2, &delta2_n.vector);

      /* dp1_n = W2 delta2_n   (H x C times C) */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &delta2_n.vector, 0.0, &dp1_n.vector);

      delta1_sample (&dp1_n.vector, &z1_n.vector, &delta1_n.vector);

      add_outer (&x_n.vector, &delta1_n.vector, g->dW1);
      gsl_vector_add (g->db1, &delta1_n.vector);
    }

  add_l2 (net->W2, reg, g->dW2);
  add_l2 (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
