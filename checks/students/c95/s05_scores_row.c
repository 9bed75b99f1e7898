/* backward.c -- backpropagation for the two-layer network
 *
 * Two sweeps over the batch: first the output layer (dz2, dW2, db2, dp1)
 * for every sample, then the hidden layer (dz1, dW1, db1).  Each sample
 * contributes a rank-one piece to the weight gradients (gsl_blas_dger).
 *
 * softmax + cross entropy: dL_n/dz2 = softmax(z2_n) - e_{y_n}, and the
 * mean over the batch gives the 1/N.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H;
  size_t i, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- sweep 1: output layer ---- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);          /* penalty first */
  gsl_vector_set_zero (g->db2);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view soft = gsl_matrix_const_row (cache->z2, i);
      gsl_vector_const_view hid = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dh = gsl_matrix_row (g->dp1, i);

      gsl_vector_memcpy (&d.vector, &soft.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / (double) N);

      gsl_blas_dger (1.0, &hid.vector, &d.vector, g->dW2);
      gsl_vector_add (g->db2, &d.vector);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d.vector, 0.0, &dh.vector);
    }

  /* ---- sweep 2: hidden layer ---- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view x = gsl_matrix_const_row (X, i);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, i);

      for (h = 0; h < H; h++)
        {
          double up = gsl_matrix_get (g->dp1, i, h);
          if (gsl_matrix_get (cache->z1, i, h) <= 0.0)
            up = 0.0;                            /* dead unit */
          gsl_vector_set (&dz.vector, h, up);
        }

      gsl_blas_dger (1.0, &x.vector, &dz.vector, g->dW1);
      gsl_vector_add (g->db1, &dz.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
