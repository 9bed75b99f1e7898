/* backward.c -- my backward pass (two-layer net, softmax + L2)
 * Works with GSL views and vector ops as much as possible.
 * dz1 is made in place: copy dp1 in, then zero the dead units. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
scores_grad (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2) {
  size_t i;
  gsl_matrix_memcpy (dz2, prob);
  for (i = 0; i < dz2->size1; i++) {
    gsl_vector_view row = gsl_matrix_row (dz2, i);
    gsl_vector_set (&row.vector, y[i], gsl_vector_get (&row.vector, y[i]) - 1.0);
  }
  gsl_matrix_scale (dz2, 1.0 / (double) dz2->size1);
}

/* dW2 = 2 reg W2, then += p1^T dz2 */
static void
W2_grad (const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
         double reg, gsl_matrix *dW2) {
  gsl_matrix_memcpy (dW2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, dW2);
}

/* column sums as dot products with a ones vector */
static void
b2_grad (const gsl_matrix *dz2, gsl_vector *db2) {
  size_t j;
  gsl_vector *ones = gsl_vector_alloc (dz2->size1);
  gsl_vector_set_all (ones, 1.0);
  for (j = 0; j < dz2->size2; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column (dz2, j);
    double s;
    gsl_blas_ddot (&col.vector, ones, &s);
    gsl_vector_set (db2, j, s);
  }
  gsl_vector_free (ones);
}

static void
p1_grad (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1) {
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

/* in place: dz1 starts as a copy of dp1 */
static void
z1_grad (const gsl_matrix *z1, gsl_matrix *dz1) {
  size_t i, j;
  for (i = 0; i < dz1->size1; i++) {
    gsl_vector_const_view zr = gsl_matrix_const_row (z1, i);
    gsl_vector_view dr = gsl_matrix_row (dz1, i);
    for (j = 0; j < dr.vector.size; j++)
      if (gsl_vector_get (&zr.vector, j) <= 0.0)
        gsl_vector_set (&dr.vector, j, 0.0);
  }
}

/* one outer product x_n dz1_n^T per sample */
static void
W1_grad (const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
         double reg, gsl_matrix *dW1) {
  size_t n;
  gsl_matrix_memcpy (dW1, W1);
  gsl_matrix_scale (dW1, 2.0 * reg);
  for (n = 0; n < X->size1; n++) {
    gsl_vector_const_view xr = gsl_matrix_const_row (X, n);
    gsl_vector_const_view dr = gsl_matrix_const_row (dz1, n);
    gsl_blas_dger (1.0, &xr.vector, &dr.vector, dW1);
  }
}

static void
b1_grad (const gsl_matrix *dz1, gsl_vector *db1) {
  size_t n;
  gsl_vector_set_zero (db1);
  for (n = 0; n < dz1->size1; n++) {
    gsl_vector_const_view r = gsl_matrix_const_row (dz1, n);
    gsl_vector_add (db1, &r.vector);
  }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g) {
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  scores_grad (cache->prob, y, g->dz2);
  W2_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  b2_grad (g->dz2, g->db2);
  p1_grad (g->dz2, net->W2, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  z1_grad (cache->z1, g->dz1);
  W1_grad (X, g->dz1, net->W1, reg, g->dW1);
  b1_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
