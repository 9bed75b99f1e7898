/* ------------------------------------------------------------------
 * backward.c    Tomasz Zielinski    Deep Learning, exercise sheet 5
 *
 * Backprop sample by sample, using row views of the gradient matrices
 * so every step works on vectors.  Helpers at the top.
 * ------------------------------------------------------------------ */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* derivative of max(0, z) */
static double
relu_deriv (double z)
{
  return z < 0.0 ? 1.0 : 0.0;
}

/* G += 2 reg W */
static void
l2_grad (gsl_matrix *G, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (G, i, j, gsl_matrix_get (G, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, h;

  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (n = 0; n < N; n++)
    {
      gsl_vector_view o = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, n);
      gsl_vector_const_view pr = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_const_view a1 = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view x = gsl_matrix_const_row (X, n);

      /* o = (prob - e_y) / N */
      gsl_vector_memcpy (&o.vector, &pr.vector);
      gsl_vector_set (&o.vector, y[n], gsl_vector_get (&o.vector, y[n]) - 1.0);
      gsl_vector_scale (&o.vector, 1.0 / (double) N);

      gsl_blas_dger (1.0, &a1.vector, &o.vector, g->dW2);
      gsl_blas_daxpy (1.0, &o.vector, g->db2);

      /* dp = W2 o */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &o.vector, 0.0, &dp.vector);

      /* dz = dp .* relu'(z1) */
      for (h = 0; h < net->H; h++)
        gsl_vector_set (&dz.vector, h, gsl_vector_get (&dp.vector, h)
                        * relu_deriv (gsl_matrix_get (cache->z1, n, h)));

      gsl_blas_dger (1.0, &x.vector, &dz.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dz.vector, g->db1);
    }

  l2_grad (g->dW2, net->W2, reg);
  l2_grad (g->dW1, net->W1, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
