/* backward.c -- Blatt 4
 * Lukas Fischer, Anna Weber (Zweiergruppe)
 *
 * The ReLU is done in place on dp1, so dz1 is then just a copy.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
bias_gradient (const gsl_matrix *delta, gsl_vector *db)
{
  size_t r, c;
  for (c = 0; c < delta->size2; c++)
    {
      double s = 0;
      for (r = 0; r < delta->size1; r++)
        s += gsl_matrix_get (delta, r, c);
      gsl_vector_set (db, c, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t r, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* output layer */
  for (r = 0; r < N; r++)
    for (c = 0; c < net->C; c++)
      {
        double v = gsl_matrix_get (cache->prob, r, c);
        if (c == y[r])
          v = v - 1;
        gsl_matrix_set (g->dz2, r, c, v / (double) N);
      }

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2 * reg, g->dW2);
  bias_gradient (g->dz2, g->db2);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (r = 0; r < N; r++)
    for (c = 0; c < net->H; c++)
      if (gsl_matrix_get (cache->z1, r, c) <= 0)
        gsl_matrix_set (g->dp1, r, c, 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  bias_gradient (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
