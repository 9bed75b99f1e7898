/* Nour El-Din Hassan -- backprop assignment
   I do most things in place inside g to save memory.
   the relu mask uses the activation a1 = p1 (a1 > 0 exactly when z1 > 0) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
bias_sum (const gsl_matrix *delta, gsl_vector *b)
{
  size_t n;
  gsl_vector_set_zero (b);
  for (n = 0; n < delta->size1; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (delta, n);
      gsl_vector_add (b, &row.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- output layer ---- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    {
      double *p = gsl_matrix_ptr (g->dz2, n, y[n]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 : reg part first, then add a1' * delta3 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                  g->dW2);

  bias_sum (g->dz2, g->db2);

  /* ---- hidden layer ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* delta2: copy dp1 and kill the dead neurons in place */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->p1, n, h) <= 0.0)
        gsl_matrix_set (g->dz1, n, h, 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  bias_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
