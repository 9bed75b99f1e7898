/* backward.c
 * Backward pass for the two-layer network, per sample with GSL views.
 *   dout   : gradient at the scores (row i of dz2)
 *   dhid   : gradient at the hidden activations (row i of dp1)
 *   dpre   : gradient at the hidden pre-activations (row i of dz1)
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

#define GET(v, k)     gsl_vector_get (&(v).vector, (k))
#define SET(v, k, x)  gsl_vector_set (&(v).vector, (k), (x))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view xin = gsl_matrix_const_row (X, i);
      gsl_vector_const_view prb = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_const_view act = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view pre = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_view dout = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dhid = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dpre = gsl_matrix_row (g->dz1, i);

      for (k = 0; k < net->C; k++)
        SET (dout, k, (GET (prb, k) - (k == y[i])) / (double) N);

      gsl_blas_dger (1.0, &act.vector, &dout.vector, g->dW2);
      gsl_blas_daxpy (1.0, &dout.vector, g->db2);

      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dout.vector, 0.0,
                      &dhid.vector);
      for (k = 0; k < net->H; k++)
        SET (dpre, k, GET (pre, k) > 0.0 ? GET (dhid, k) : 0.0);

      gsl_blas_dger (1.0, &xin.vector, &dpre.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dhid.vector, g->db1);
    }

  /* reg: loss is reg*(|W1|^2+|W2|^2), gradient 2*reg*W */
  for (i = 0; i < net->H; i++)
    for (k = 0; k < net->C; k++)
      gsl_matrix_set (g->dW2, i, k, gsl_matrix_get (g->dW2, i, k)
                      + 2.0 * reg * gsl_matrix_get (net->W2, i, k));
  for (i = 0; i < net->D; i++)
    for (k = 0; k < net->H; k++)
      gsl_matrix_set (g->dW1, i, k, gsl_matrix_get (g->dW1, i, k)
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, k));

  g->present = BP_GRADS_ALL;
  return 0;
}
