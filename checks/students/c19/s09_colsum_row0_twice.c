/*
 * backward.c - hand-written backprop, CS 189 hw6 port to C
 * by Dana Whitfield
 *
 *   layer 2:  bp_dz2  bp_dW2  bp_db2
 *   hidden:   bp_dp1  bp_dz1
 *   layer 1:  bp_dW1  bp_db1
 *
 * Helpers read from the cache/net and write into g.  col_sum and
 * add_reg are shared between the two layers.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void col_sum (const gsl_matrix *A, gsl_vector *out);
static void add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg);

static void bp_dz2 (bp_grads *g, const bp_cache *cache, const size_t *y);
static void bp_dW2 (bp_grads *g, const bp_cache *cache, const bp_net *net, double reg);
static void bp_db2 (bp_grads *g);
static void bp_dp1 (bp_grads *g, const bp_net *net);
static void bp_dz1 (bp_grads *g, const bp_cache *cache);
static void bp_dW1 (bp_grads *g, const gsl_matrix *X, const bp_net *net, double reg);
static void bp_db1 (bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  bp_dz2 (g, cache, y);
  bp_dW2 (g, cache, net, reg);
  bp_db2 (g);
  bp_dp1 (g, net);
  bp_dz1 (g, cache);
  bp_dW1 (g, X, net, reg);
  bp_db1 (g);
  g->present = BP_GRADS_ALL;
  return 0;
}

/* ---------- shared helpers ---------- */

/* out = sum of the rows of A.  Start from the first row, add the rest. */
static void
col_sum (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector_const_view first = gsl_matrix_const_row (A, 0);
  gsl_vector_memcpy (out, &first.vector);
  for (size_t i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &r.vector);
    }
}

/* dW += 2*reg*W */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

/* ---------- the gradients ---------- */

static void
bp_dz2 (bp_grads *g, const bp_cache *cache, const size_t *y)
{
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < cache->N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) cache->N);
}

static void
bp_dW2 (bp_grads *g, const bp_cache *cache, const bp_net *net, double reg)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_reg (g->dW2, net->W2, reg);
}

static void
bp_db2 (bp_grads *g)
{
  col_sum (g->dz2, g->db2);
}

static void
bp_dp1 (bp_grads *g, const bp_net *net)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
}

static void
bp_dz1 (bp_grads *g, const bp_cache *cache)
{
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < g->dz1->size1; i++)
    for (size_t j = 0; j < g->dz1->size2; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);
}

static void
bp_dW1 (bp_grads *g, const gsl_matrix *X, const bp_net *net, double reg)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_reg (g->dW1, net->W1, reg);
}

static void
bp_db1 (bp_grads *g)
{
  col_sum (g->dz1, g->db1);
}
