/* Backward pass, two-layer ReLU net.  Numerical Methods II, assignment 5.
 *
 * I do not trust the cached probabilities (they were computed by someone
 * else's softmax), so I recompute softmax(z2) with the usual shift by the
 * row max:  softmax(z)_k = exp(z_k - m) / sum_l exp(z_l - m),  m = max z.
 *
 * All gradients are first computed for the SUM of the per-sample losses
 * (G = P - Y instead of (P - Y)/N), and the 1/N is applied at the very end,
 * once, to everything that is linear in G.  Since every gradient below is
 * linear in G except the reg terms, this is equivalent and it keeps the
 * 1/N in exactly one place.  The reg terms are added after the scaling.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* row-wise stable softmax of Z into P (same shape) */
static void
softmax_rows (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, k;
  for (i = 0; i < Z->size1; i++)
    {
      gsl_vector_const_view z = gsl_matrix_const_row (Z, i);
      gsl_vector_view p = gsl_matrix_row (P, i);
      double m = gsl_vector_max (&z.vector), s = 0.0;
      for (k = 0; k < Z->size2; k++)
        {
          double e = exp (gsl_vector_get (&z.vector, k) - m);
          gsl_vector_set (&p.vector, k, e);
          s += e;
        }
      gsl_vector_scale (&p.vector, 1.0 / s);
    }
}

/* column sums of A into s:  s_j = sum_i A_ij  */
static void
colsum (const gsl_matrix *A, gsl_vector *s)
{
  size_t j;
  for (j = 0; j < A->size2; j++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (A, j);
      gsl_vector_set (s, j, gsl_vector_sum (&c.vector));
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double invN = 1.0 / (double) N;
  size_t i, j;

  /* G = softmax(z2) - Y, unscaled; stored in dz2 for now */
  softmax_rows (cache->z2, g->dz2);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* second layer, unscaled */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  colsum (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: gate by the pre-activation */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                                    ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* first layer, unscaled */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  colsum (g->dz1, g->db1);

  /* now the 1/N, everywhere, once */
  gsl_matrix_scale (g->dz2, invN);
  gsl_matrix_scale (g->dW2, invN);
  gsl_vector_scale (g->db2, invN);
  gsl_matrix_scale (g->dp1, invN);
  gsl_matrix_scale (g->dz1, invN);
  gsl_matrix_scale (g->dW1, invN);
  gsl_vector_scale (g->db1, invN);

  /* and the penalty: d/dW reg ||W||^2 = 2 reg W, row by row */
  for (i = 0; i < net->H; i++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W2, i);
      gsl_vector_view dw = gsl_matrix_row (g->dW2, i);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
    }
  for (i = 0; i < net->D; i++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W1, i);
      gsl_vector_view dw = gsl_matrix_row (g->dW1, i);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
