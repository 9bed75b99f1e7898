/*  backward.c  -- Lab 4 (neural nets), backward pass
 *
 *  Gradients are computed in place where possible to save memory:
 *  dz2 starts as a copy of prob, dz1 starts as a copy of dp1.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void grad_dz2(gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y)
{
  const size_t N = prob->size1;
  size_t i;
  gsl_matrix_memcpy(dz2, prob);                  /* dz2 <- prob */
  for (i = 0; i < N; i++)
    gsl_matrix_set(dz2, i, y[i], gsl_matrix_get(dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(dz2, 1.0 / (double)N);
}

static void grad_dW2(gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2,
                     const gsl_matrix *W2, double reg)
{
  gsl_matrix_memcpy(dW2, W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, dW2);
}

static void grad_db2(gsl_vector *db2, const gsl_matrix *dz2)
{
  size_t i;
  gsl_vector_set_zero(db2);
  for (i = 0; i < dz2->size1; i++) {
    gsl_vector_const_view row = gsl_matrix_const_row(dz2, i);
    gsl_vector_add(db2, &row.vector);
  }
}

static void grad_dp1(gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

/* relu'(z) is 0 for the dead units: multiply by the activation (mask = p1 > 0) */
static void grad_dz1(gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *p1)
{
  gsl_matrix_memcpy(dz1, dp1);                   /* dz1 <- dp1 */
  gsl_matrix_mul_elements(dz1, p1);
}

static void grad_dW1(gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1,
                     const gsl_matrix *W1, double reg)
{
  gsl_matrix_memcpy(dW1, W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);
}

static void grad_db1(gsl_vector *db1, const gsl_matrix *dz1)
{
  size_t i;
  gsl_vector_set_zero(db1);
  for (i = 0; i < dz1->size1; i++) {
    gsl_vector_const_view row = gsl_matrix_const_row(dz1, i);
    gsl_vector_add(db1, &row.vector);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  grad_dz2(g->dz2, cache->prob, y);
  grad_dW2(g->dW2, cache->p1, g->dz2, net->W2, reg);
  grad_db2(g->db2, g->dz2);
  grad_dp1(g->dp1, g->dz2, net->W2);
  grad_dz1(g->dz1, g->dp1, cache->p1);
  grad_dW1(g->dW1, X, g->dz1, net->W1, reg);
  grad_db1(g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
