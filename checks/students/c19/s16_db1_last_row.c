/*
 * backward.c -- Hannah Lindqvist, assignment 1 (C version)
 *
 * Gradient helpers grad_* each take the matrices they need; backward()
 * calls them top to bottom.  Helpers are below backward(), declared first.
 *
 * TODO: vectorise the bias sums with dgemv once it works
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void grad_z2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2);
static void grad_W2 (const gsl_matrix *dz2, const gsl_matrix *p1,
                     const gsl_matrix *W2, double reg, gsl_matrix *dW2);
static void grad_b2 (const gsl_matrix *dz2, gsl_vector *db2);
static void grad_p1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1);
static void grad_z1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1);
static void grad_W1 (const gsl_matrix *dz1, const gsl_matrix *X,
                     const gsl_matrix *W1, double reg, gsl_matrix *dW1);
static void grad_b1 (const gsl_matrix *dz1, gsl_vector *db1);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  grad_z2 (cache->prob, y, g->dz2);
  grad_W2 (g->dz2, cache->p1, net->W2, reg, g->dW2);
  grad_b2 (g->dz2, g->db2);
  grad_p1 (g->dz2, net->W2, g->dp1);
  grad_z1 (g->dp1, cache->z1, g->dz1);
  grad_W1 (g->dz1, X, net->W1, reg, g->dW1);
  grad_b1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}

static void
grad_z2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t N = prob->size1, C = prob->size2;
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      {
        double target = (c == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (dz2, n, c, (gsl_matrix_get (prob, n, c) - target) / (double) N);
      }
}

static void
grad_W2 (const gsl_matrix *dz2, const gsl_matrix *p1,
         const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
  gsl_matrix_memcpy (dW2, W2);
  gsl_matrix_scale (dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 1.0, dW2);
}

static void
grad_b2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  gsl_vector_set_zero (db2);
  for (size_t n = 0; n < dz2->size1; n++)
    for (size_t c = 0; c < dz2->size2; c++)
      gsl_vector_set (db2, c, gsl_vector_get (db2, c) + gsl_matrix_get (dz2, n, c));
}

static void
grad_p1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
grad_z1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  for (size_t n = 0; n < z1->size1; n++)
    for (size_t h = 0; h < z1->size2; h++)
      gsl_matrix_set (dz1, n, h, gsl_matrix_get (z1, n, h) > 0.0
                                 ? gsl_matrix_get (dp1, n, h) : 0.0);
}

static void
grad_W1 (const gsl_matrix *dz1, const gsl_matrix *X,
         const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
  gsl_matrix_memcpy (dW1, W1);
  gsl_matrix_scale (dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 1.0, dW1);
}

static void
grad_b1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  gsl_vector_set_zero (db1);
  for (size_t n = 0; n < dz1->size1; n++)
    for (size_t h = 0; h < dz1->size2; h++)
      gsl_vector_set (db1, h, gsl_matrix_get (dz1, n, h));
}
