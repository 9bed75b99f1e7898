/* backward.c
 *
 * ECE 4xx, project 2.  Backward pass.
 *
 * Strategy: like in my MATLAB version I work with the UNSCALED error
 * delta = P - Y all the way down, and divide everything by m once at the
 * end (fewer divisions, and it matched the numerical gradient in MATLAB).
 * The weight decay goes on last, after the 1/m:
 *     grad = grad_data / m + 2*lambda*W
 *
 * get1/set1 are 1-based like MATLAB so I do not get the indices wrong.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static double get1 (const gsl_matrix *A, size_t i, size_t j)
{
  return gsl_matrix_get (A, i - 1, j - 1);
}

static void set1 (gsl_matrix *A, size_t i, size_t j, double v)
{
  gsl_matrix_set (A, i - 1, j - 1, v);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1;
  size_t nh = net->H, nc = net->C;
  size_t i, j, t;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  /* delta3 = P - Y  (unscaled), kept in g->dz2 for now */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 1; i <= m; i++)
    set1 (g->dz2, i, y[i - 1] + 1, get1 (g->dz2, i, y[i - 1] + 1) - 1.0);

  /* Theta2_grad (unscaled) = a2' * delta3 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

  /* b2 grad = sum(delta3)  -- sum over examples, column by column */
  for (j = 1; j <= nc; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j - 1);
      double s = 0;
      for (i = 1; i <= m; i++)
        s += gsl_vector_get (&col.vector, i - 1);
      gsl_vector_set (g->db2, j - 1, s);
    }

  /* dA1 = delta3 * Theta2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* delta2 = dA1 .* (z1 > 0) */
  for (i = 1; i <= m; i++)
    for (j = 1; j <= nh; j++)
      set1 (g->dz1, i, j, get1 (cache->z1, i, j) > 0 ? get1 (g->dp1, i, j) : 0.0);

  /* Theta1_grad (unscaled) = sum_t x_t' * delta2_t   (outer products,
   * like the for t = 1:m loop in ex4) */
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  for (t = 1; t <= m; t++)
    {
      gsl_vector_const_view xt = gsl_matrix_const_row (X, t - 1);
      gsl_vector_const_view dt = gsl_matrix_const_row (g->dz1, t - 1);
      gsl_blas_dger (1.0, &xt.vector, &dt.vector, g->dW1);
      gsl_vector_add (g->db1, &dt.vector);
    }

  /* now the 1/m, everywhere at once */
  double s = 1.0 / (double) m;
  gsl_matrix_scale (g->dz2, s);
  gsl_matrix_scale (g->dW2, s);
  gsl_vector_scale (g->db2, s);
  gsl_matrix_scale (g->dp1, s);
  gsl_matrix_scale (g->dz1, s);
  gsl_matrix_scale (g->dW1, s);
  gsl_vector_scale (g->db1, s);

  /* + 2*lambda*W  (biases not regularized) */
  /* gsl_matrix_scale (g->dW1, 1.0);   (was debugging) */
  for (i = 1; i <= net->D; i++)
    for (j = 1; j <= nh; j++)
      set1 (g->dW1, i, j, get1 (g->dW1, i, j) + 2.0 * reg * get1 (net->W1, i, j));
  for (i = 1; i <= nh; i++)
    for (j = 1; j <= nc; j++)
      set1 (g->dW2, i, j, get1 (g->dW2, i, j) + 2.0 * reg * get1 (net->W2, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
