/*
 * backward.c
 *
 * One sample at a time through a helper, accumulating the weight and bias
 * gradients in matrices of my own (accW1 ...); copied into g at the end,
 * with the regularisation.  The 1/N sits in delta already.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* contribution of sample n; fills row n of dz2, dp1, dz1 */
static void
sampleGrad (const bp_net *net, const gsl_matrix *X, size_t n, size_t label,
            double invN, const bp_cache *cache, bp_grads *g,
            gsl_vector *mask, gsl_matrix *accW1, gsl_vector *accB1,
            gsl_matrix *accW2, gsl_vector *accB2)
{
  gsl_vector_const_view pRow = gsl_matrix_const_row (cache->prob, n);
  gsl_vector_const_view hRow = gsl_matrix_const_row (cache->p1, n);
  gsl_vector_const_view zRow = gsl_matrix_const_row (cache->z1, n);
  gsl_vector_const_view xRow = gsl_matrix_const_row (X, n);
  gsl_vector_view delta = gsl_matrix_row (g->dz2, n);
  gsl_vector_view dHid = gsl_matrix_row (g->dp1, n);
  gsl_vector_view dPre = gsl_matrix_row (g->dz1, n);
  size_t j;

  gsl_vector_memcpy (&delta.vector, &pRow.vector);
  gsl_vector_set (&delta.vector, label,
                  gsl_vector_get (&delta.vector, label) - 1.0);
  gsl_vector_scale (&delta.vector, invN);

  gsl_blas_dger (1.0, &hRow.vector, &delta.vector, accW2);
  gsl_vector_add (accB2, &delta.vector);

  gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &delta.vector, 0.0,
                  &dHid.vector);

  /* Heaviside of the pre-activation as a 0/1 vector */
  for (j = 0; j < mask->size; j++)
    gsl_vector_set (mask, j, gsl_vector_get (&zRow.vector, j) > 0 ? 1.0 : 0.0);
  gsl_vector_memcpy (&dPre.vector, &dHid.vector);
  gsl_vector_mul (&dPre.vector, mask);

  gsl_blas_dger (1.0, &xRow.vector, &dPre.vector, accW1);
  gsl_vector_add (accB1, &dPre.vector);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, n;
  gsl_matrix *accW1, *accW2;
  gsl_vector *accB1, *accB2, *mask;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  accW1 = gsl_matrix_calloc (D, H);
  accW2 = gsl_matrix_calloc (H, C);
  accB1 = gsl_vector_calloc (H);
  accB2 = gsl_vector_calloc (C);
  mask = gsl_vector_alloc (H);

  for (n = 0; n < N; n++)
    sampleGrad (net, X, n, y[n], 1.0 / (double) N, cache, g, mask,
                accW1, accB1, accW2, accB2);

  /* dW = 2 reg W + accumulated */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_add (g->dW2, accW2);
  gsl_vector_memcpy (g->db2, accB2);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_matrix_add (g->dW1, accW1);
  gsl_vector_memcpy (g->db1, accB1);

  gsl_matrix_free (accW1);
  gsl_matrix_free (accW2);
  gsl_vector_free (accB1);
  gsl_vector_free (accB2);
  gsl_vector_free (mask);

  g->present = BP_GRADS_ALL;
  return 0;
}
