/* backward.c -- 2 layer network, backprop.
   Style like the lecture notes: grad_<name>(out, inputs...). */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void grad_dz2 (gsl_matrix *out, const gsl_matrix *probs,
                      const size_t *labels)
{
  size_t i;
  const double invN = 1.0 / (double) probs->size1;

  for (i = 0; i < probs->size1; i++) {
    gsl_vector_const_view p = gsl_matrix_const_row (probs, i);
    gsl_vector_view o = gsl_matrix_row (out, i);
    gsl_vector_memcpy (&o.vector, &p.vector);
    *gsl_vector_ptr (&o.vector, labels[i]) -= 1.0;
    gsl_vector_scale (&o.vector, invN);
  }
}

static void grad_dW2 (gsl_matrix *out, const gsl_matrix *p1,
                      const gsl_matrix *dz2, const gsl_matrix *W2, double reg)
{
  gsl_matrix_memcpy (out, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, out);
}

static void grad_db2 (gsl_vector *out, const gsl_matrix *dz2)
{
  size_t j;
  for (j = 0; j < dz2->size2; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column (dz2, j);
    gsl_vector_set (out, j, gsl_vector_sum (&col.vector));
  }
}

/* backprop into the hidden layer: dp1 = upstream * W2^T */
static void grad_dp1 (gsl_matrix *out, const gsl_matrix *up,
                      const gsl_matrix *W2)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, up, W2, 0.0, out);
}

static void grad_dz1 (gsl_matrix *out, const gsl_matrix *dp1,
                      const gsl_matrix *z1)
{
  size_t i, j;
  gsl_matrix_memcpy (out, dp1);
  for (i = 0; i < out->size1; i++)
    for (j = 0; j < out->size2; j++)
      if (!(gsl_matrix_get (z1, i, j) > 0.0))
        gsl_matrix_set (out, i, j, 0.0);
}

static void grad_dW1 (gsl_matrix *out, const gsl_matrix *X,
                      const gsl_matrix *dz1, const gsl_matrix *W1, double reg)
{
  gsl_matrix_memcpy (out, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, out);
}

static void grad_db1 (gsl_vector *out, const gsl_matrix *dz1)
{
  size_t j;
  for (j = 0; j < dz1->size2; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column (dz1, j);
    gsl_vector_set (out, j, gsl_vector_sum (&col.vector));
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  grad_dz2 (g->dz2, cache->prob, y);
  grad_dW2 (g->dW2, cache->p1, g->dz2, net->W2, reg);
  grad_db2 (g->db2, g->dz2);
  grad_dp1 (g->dp1, cache->prob, net->W2);
  grad_dz1 (g->dz1, g->dp1, cache->z1);
  grad_dW1 (g->dW1, X, g->dz1, net->W1, reg);
  grad_db1 (g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
