/* backward.c -- Lab 5: backprop for the two-layer net
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).  Do not change the
 * signature.
 *
 * Ivan P.  -- rows as vector views, BLAS level 1 where I could
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;

  /* TODO: compute dscores */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      *gsl_vector_ptr (&d.vector, y[i]) -= 1.0;
      gsl_vector_scale (&d.vector, 1.0 / N);
    }

  /* TODO: backprop into W2 and b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view h = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, i);
      gsl_blas_dger (1.0, &h.vector, &d.vector, g->dW2);   /* += h d' */
    }
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &d.vector);
    }
  gsl_vector_scale (g->db2, 1.0 / N);   /* db2 = mean of dscores over the batch */
  /* printf ("db2 %g %g %g\n", gsl_vector_get (g->db2, 0),
             gsl_vector_get (g->db2, 1), gsl_vector_get (g->db2, 2)); */

  /* TODO: backprop into the hidden layer */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_view dh = gsl_matrix_row (g->dp1, i);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d.vector, 0.0, &dh.vector);
    }

  /* TODO: ReLU */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* TODO: backprop into W1 and b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view x = gsl_matrix_const_row (X, i);
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz1, i);
      gsl_blas_dger (1.0, &x.vector, &d.vector, g->dW1);
      gsl_vector_add (g->db1, &d.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
