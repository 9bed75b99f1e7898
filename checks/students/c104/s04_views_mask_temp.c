/* backward.c  (MOOC C track, unit 4)
 *
 * output_backward / hidden_backward / input_backward as in the example.
 * I build the relu mask as its own matrix from p1 (p1 > 0 exactly where
 * z1 > 0, since p1 = max(0, z1)) and multiply elementwise.
 * Bias gradients are ones^T * d, with gsl_blas_dgemv. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db = d^T 1 */
static int
bias_grad (const gsl_matrix *d, gsl_vector *db)
{
  gsl_vector *ones = gsl_vector_alloc (d->size1);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, d, ones, 0.0, db);
  gsl_vector_free (ones);
  return 0;
}

/* dW = A^T d + 2 reg W, the penalty added afterwards */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *d, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  size_t r;
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, d, 0.0, dW);
  for (r = 0; r < W->size1; r++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (W, r);
      gsl_vector_view dw = gsl_matrix_row (dW, r);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
    }
}

static int
output_backward (const bp_cache *cache, const size_t *y, const gsl_matrix *W2,
                 double reg, bp_grads *g)
{
  size_t i, N = cache->N;
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      *gsl_vector_ptr (&d.vector, y[i]) -= 1.0;
      gsl_vector_scale (&d.vector, 1.0 / N);
    }
  weight_grad (cache->p1, g->dz2, W2, reg, g->dW2);
  return bias_grad (g->dz2, g->db2);
}

static int
hidden_backward (const bp_cache *cache, const gsl_matrix *W2, bp_grads *g)
{
  size_t i, j;
  gsl_matrix *mask = gsl_matrix_alloc (cache->N, cache->H);
  if (mask == NULL)
    return 1;

  /* dp1 row i = W2 * dz2 row i */
  for (i = 0; i < cache->N; i++)
    {
      gsl_vector_const_view dz = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, i);
      gsl_blas_dgemv (CblasNoTrans, 1.0, W2, &dz.vector, 0.0, &dp.vector);
    }

  for (i = 0; i < cache->N; i++)
    for (j = 0; j < cache->H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->p1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);
  return 0;
}

static int
input_backward (const gsl_matrix *X, const gsl_matrix *W1, double reg,
                bp_grads *g)
{
  weight_grad (X, g->dz1, W1, reg, g->dW1);
  return bias_grad (g->dz1, g->db1);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  if (output_backward (cache, y, net->W2, reg, g)
      || hidden_backward (cache, net->W2, g)
      || input_backward (X, net->W1, reg, g))
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
