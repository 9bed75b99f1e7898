/* backward.c  --  backprop, one sample per iteration
 *
 * e = p_n - onehot(y_n) is kept without the 1/N; the 1/N of the mean goes
 * into the alpha of the BLAS calls (dger, daxpy, dgemv) instead.
 * The weight decay terms 2*reg*W are computed once before the loop.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, j;
  double invN;
  gsl_vector *e;
  gsl_matrix *decay1, *decay2;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  e = gsl_vector_alloc (C);
  decay1 = gsl_matrix_alloc (D, H);
  decay2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (decay1, net->W1);
  gsl_matrix_scale (decay1, 2.0 * reg);
  gsl_matrix_memcpy (decay2, net->W2);
  gsl_matrix_scale (decay2, 2.0 * reg);

  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view pn = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_const_view hn = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view xn = gsl_matrix_const_row (X, n);
      gsl_vector_view dz2n = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1n = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz1n = gsl_matrix_row (g->dz1, n);

      gsl_vector_memcpy (e, &pn.vector);
      gsl_vector_set (e, y[n], gsl_vector_get (e, y[n]) - 1.0);

      /* what gets stored as dz2 is the gradient of the mean */
      gsl_vector_memcpy (&dz2n.vector, e);
      gsl_vector_scale (&dz2n.vector, invN);

      gsl_blas_dger (invN, &hn.vector, e, g->dW2);
      gsl_blas_daxpy (invN, e, g->db2);
      gsl_blas_dgemv (CblasNoTrans, invN, net->W2, e, 0.0, &dp1n.vector);

      for (j = 0; j < H; j++)
        gsl_vector_set (&dz1n.vector, j,
                        gsl_matrix_get (cache->z1, n, j) > 0.0
                        ? gsl_vector_get (&dp1n.vector, j) : 0.0);

      /* layer 1: outer product x_n dz1_n^T, plus decay */
      gsl_blas_dger (1.0, &xn.vector, &dz1n.vector, g->dW1);
      gsl_matrix_add (g->dW1, decay1);
      gsl_vector_add (g->db1, &dz1n.vector);
    }

  gsl_matrix_add (g->dW2, decay2);

  gsl_vector_free (e);
  gsl_matrix_free (decay1);
  gsl_matrix_free (decay2);
  g->present = BP_GRADS_ALL;
  return 0;
}
