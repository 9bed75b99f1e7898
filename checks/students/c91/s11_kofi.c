/* Kofi Mensah
 * backward.c -- loss and gradients of the two-layer net.
 * Loss by log-sum-exp on the scores (checked against cache->prob).
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

double kofi_loss = 0;

static double
logsumexp_row (const gsl_matrix *Z, size_t i)
{
  gsl_vector_const_view r = gsl_matrix_const_row (Z, i);
  double m = gsl_vector_max (&r.vector), t = 0;
  size_t j;
  for (j = 0; j < r.vector.size; j++)
    t += exp (gsl_vector_get (&r.vector, j) - m);
  return m + log (t);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  double L = 0, w;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    L += logsumexp_row (cache->z2, i) - gsl_matrix_get (cache->z2, i, y[i]);
  L /= (double) N;
  for (i = 0; i < net->W1->size1 * net->W1->size2; i++)
    {
      w = net->W1->data[i];
      L += reg * w * w;
    }
  for (i = 0; i < net->W2->size1 * net->W2->size2; i++)
    {
      w = net->W2->data[i];
      L += reg * w * w;
    }
  kofi_loss = L;

  /* dL/dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* layer 2.  reg gradient 2*reg*W added to both weight grads */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_blas_daxpy (1.0, &r.vector, g->db2);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);

  /* layer 1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_blas_daxpy (1.0, &r.vector, g->db1);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
