/*  backward.c
 *  Chloe Martin -- TP3 réseaux de neurones
 *
 *  One back_* function per gradient.  They all receive g and the pieces of
 *  the forward pass they need.  col_sum and add_l2 are shared.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void back_dz2 (bp_grads *g, const gsl_matrix *prob, const size_t *y);
static void back_dW2 (bp_grads *g, const gsl_matrix *p1, const gsl_matrix *W2, double reg);
static void back_db2 (bp_grads *g);
static void back_dp1 (bp_grads *g, const gsl_matrix *W2, const gsl_matrix *z1);
static void back_dz1 (bp_grads *g, const gsl_matrix *z1);
static void back_dW1 (bp_grads *g, const gsl_matrix *X, const gsl_matrix *W1, double reg);
static void back_db1 (bp_grads *g);

static void col_sum (const gsl_matrix *A, gsl_vector *s);
static void add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  back_dz2 (g, cache->prob, y);
  back_dW2 (g, cache->p1, net->W2, reg);
  back_db2 (g);
  back_dp1 (g, net->W2, cache->z1);
  back_dz1 (g, cache->z1);
  back_dW1 (g, X, net->W1, reg);
  back_db1 (g);

  g->present = BP_GRADS_ALL;
  return 0;
}

static void
back_dz2 (bp_grads *g, const gsl_matrix *prob, const size_t *y)
{
  double n = (double) prob->size1;

  for (size_t i = 0; i < prob->size1; i++)
    for (size_t k = 0; k < prob->size2; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (prob, i, k) - (k == y[i])) / n);
}

static void
back_dW2 (bp_grads *g, const gsl_matrix *p1, const gsl_matrix *W2, double reg)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, g->dz2, 0.0, g->dW2);
  add_l2 (g->dW2, W2, reg);
}

static void
back_db2 (bp_grads *g)
{
  col_sum (g->dz2, g->db2);
}

/* gradient flowing back into the hidden units; a unit that was off in
 * the forward pass gets nothing back */
static void
back_dp1 (bp_grads *g, const gsl_matrix *W2, const gsl_matrix *z1)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, W2, 0.0, g->dp1);
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t j = 0; j < z1->size2; j++)
      if (gsl_matrix_get (z1, i, j) <= 0.0)
        gsl_matrix_set (g->dp1, i, j, 0.0);
}

static void
back_dz1 (bp_grads *g, const gsl_matrix *z1)
{
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t j = 0; j < z1->size2; j++)
      {
        double up = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (z1, i, j) > 0.0 ? up : 0.0);
      }
}

static void
back_dW1 (bp_grads *g, const gsl_matrix *X, const gsl_matrix *W1, double reg)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_l2 (g->dW1, W1, reg);
}

static void
back_db1 (bp_grads *g)
{
  col_sum (g->dz1, g->db1);
}

/* s_j = sum_i A_ij */
static void
col_sum (const gsl_matrix *A, gsl_vector *s)
{
  gsl_vector_set_zero (s);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_vector_set (s, j, gsl_vector_get (s, j) + gsl_matrix_get (A, i, j));
}

/* dW += 2 reg W */
static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + 2 * reg * gsl_matrix_get (W, i, j));
}
