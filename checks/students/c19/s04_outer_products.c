/* backward.c
 *
 * CS231n-style two layer net, backward pass.  Author: T. Okonkwo.
 *
 * Helpers take the grads struct g and read/write fields of it directly.
 * The weight gradients are built sample by sample as sums of outer
 * products (x_i dz_i^T), which is how the lecture slide wrote it;
 * gsl_blas_dger does one outer product per call.
 */

#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* ---- shared ------------------------------------------------------- */

/* dW = sum_i in_i^T dout_i  (one outer product per sample) */
static void
outer_sum (gsl_matrix *dW, const gsl_matrix *in, const gsl_matrix *dout)
{
  gsl_matrix_set_zero (dW);
  for (size_t i = 0; i < in->size1; i++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (in, i);
      gsl_vector_const_view b = gsl_matrix_const_row (dout, i);
      gsl_blas_dger (1.0, &a.vector, &b.vector, dW);
    }
}

/* the penalty is reg*sum(W^2) -> derivative reg*W + reg*W */
static void
penalty (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t r = 0; r < W->size1; r++)
    for (size_t c = 0; c < W->size2; c++)
      {
        double w = gsl_matrix_get (W, r, c);
        gsl_matrix_set (dW, r, c, gsl_matrix_get (dW, r, c) + (reg + reg) * w);
      }
}

/* ---- the seven ------------------------------------------------------ */

static void
bw_dz2 (bp_grads *g, const bp_cache *cache, const size_t *y)
{
  size_t N = cache->N;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
}

static void
bw_dW2 (bp_grads *g, const bp_cache *cache, const bp_net *net, double reg)
{
  outer_sum (g->dW2, cache->p1, g->dz2);
  penalty (g->dW2, net->W2, reg);
}

static void
bw_db2 (bp_grads *g)
{
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < g->dz2->size1; i++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }
}

static void
bw_dp1 (bp_grads *g, const bp_net *net)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
}

/* p1 > 0 exactly where z1 > 0, and p1 is what I printed while debugging */
static void
bw_dz1 (bp_grads *g, const bp_cache *cache)
{
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < g->dz1->size1; i++)
    for (size_t j = 0; j < g->dz1->size2; j++)
      if (!(gsl_matrix_get (cache->p1, i, j) > 0.0))
        gsl_matrix_set (g->dz1, i, j, 0.0);
}

static void
bw_dW1 (bp_grads *g, const gsl_matrix *X, const bp_net *net, double reg)
{
  outer_sum (g->dW1, X, g->dz1);
  penalty (g->dW1, net->W1, reg);
}

static void
bw_db1 (bp_grads *g)
{
  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < g->dz1->size1; i++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &row.vector);
    }
}

#if 0
/* first try: mask with the sign of dp1.  Wrong, gradcheck hated it. */
static void
bw_dz1_old (bp_grads *g)
{
  for (size_t i = 0; i < g->dz1->size1; i++)
    for (size_t j = 0; j < g->dz1->size2; j++)
      if (gsl_matrix_get (g->dp1, i, j) < 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);
}
#endif

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  bw_dz2 (g, cache, y);
  bw_dW2 (g, cache, net, reg);
  bw_db2 (g);
  bw_dp1 (g, net);
  bw_dz1 (g, cache);
  bw_dW1 (g, X, net, reg);
  bw_db1 (g);

  g->present = BP_GRADS_ALL;
  return 0;
}
